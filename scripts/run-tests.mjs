#!/usr/bin/env node
// Runs the compiled tests (dist/test/**/*.test.js) with node's test runner: unit, integration and the real-agent
// end-to-end suite (which skips an agent whose CLI is not installed: scripts/install-e2e-agents.sh installs them).
// --e2e: only the end-to-end suite; --no-e2e: everything else.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const only = process.argv.includes('--e2e');
const none = process.argv.includes('--no-e2e');
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
const selected = files.filter((f) => (only ? isE2e(f) : none ? !isE2e(f) : true)).sort();
if (selected.length === 0) {
  console.error('no compiled tests found under dist/test; run `npx tsc -p .` first');
  process.exit(1);
}
const env = { ...process.env, TZ: 'UTC', NO_COLOR: '1', COLUMNS: '120' };
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...selected], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
