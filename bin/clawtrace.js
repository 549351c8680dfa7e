#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (built by `npm install` through the prepare script).

// Output piped into a reader that stops early (`clawtrace sessions | head`) ends the command quietly with exit 0:
// the write fails with EPIPE (node ignores SIGPIPE), and that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(0);
    process.exitCode = 1;
  });
}

import('../dist/src/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/src/cli/main.js')) {
    console.error('clawtrace: not built yet; run `npm install` (or `npm run build`) in the clawtrace folder');
  } else {
    console.error(`clawtrace: ${err && err.stack ? err.stack : err}`);
  }
  process.exit(1);
});
