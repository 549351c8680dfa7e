#!/usr/bin/env node
// Runs the compiled tests (dist/test/**/*.test.js) with node's test runner.
// Default: unit and integration tests. --e2e: the real-agent suite under dist/test/e2e (installs agent CLIs).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const e2e = process.argv.includes('--e2e');
const all = process.argv.includes('--all');
const root = path.resolve('dist/test');
const files = [];
function walk(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p);
    else if (entry.name.endsWith('.test.js')) files.push(p);
  }
}
walk(root);
const isE2e = (f) => f.includes(`${path.sep}e2e${path.sep}`);
const selected = files.filter((f) => all || (e2e ? isE2e(f) : !isE2e(f))).sort();
if (selected.length === 0) {
  console.error('no compiled tests found under dist/test; run `npx tsc -p .` first');
  process.exit(1);
}
const env = { ...process.env, TZ: 'UTC', NO_COLOR: '1', COLUMNS: '120' };
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...selected], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
