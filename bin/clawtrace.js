#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (built by `npm install` through the prepare script).
import('../dist/src/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/src/cli/main.js')) {
    console.error('clawtrace: not built yet; run `npm install` (or `npm run build`) in the clawtrace folder');
  } else {
    console.error(`clawtrace: ${err && err.stack ? err.stack : err}`);
  }
  process.exit(1);
});
