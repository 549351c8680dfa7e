import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { clawtrace, tempDir } from '../../helpers/cli.js';
import { openDb } from '../../../src/store/db.js';
import { LOAD_CLIENT, modelUpstream } from './harness.js';

/** A 600 KB filesystem of its own (tmpfs; needs root, as CI and these machines have). */
function smallDisk(): string | null {
  const dir = tempDir('ct-full-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=600k', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch (err) {
    void err;
    return null;
  }
}

const disk = smallDisk();

test('disk full mid-run: the agent’s exit code passes through, and what could not be stored is counted and said', { skip: disk ? false : 'cannot mount a small tmpfs here (needs root)' }, async () => {
  const up = await modelUpstream();
  const db = path.join(disk ?? '', 'ct.db');
  try {
    openDb(db).close();
    const r = await clawtrace(['record', '--db', db, '--upstream-openai', `${up.url}/v1`, '--', process.execPath, '-e', `
      const { execFileSync } = require('node:child_process');
      execFileSync(process.execPath, [${JSON.stringify(LOAD_CLIENT)}, 'calls', '400'], { stdio: 'inherit' });
      process.exit(7);`]);
    assert.equal(r.code, 7, `the agent's code, not clawtrace's: ${r.stderr}`);
    const m = /(\d+) of (\d+) exchanges could not be stored/.exec(r.stderr);
    assert.ok(m, r.stderr);
    assert.equal(Number(m[2]), 400);
    const lost = Number(m[1]);
    assert.ok(lost > 0, 'the disk did fill up');
    const store = openDb(db, { readonly: true });
    const stored = (store.prepare('SELECT COUNT(*) AS n FROM exchanges').get() as { n: number }).n;
    store.close();
    assert.equal(stored + lost, 400, `stored ${stored} + lost ${lost}: every exchange accounted for`);
  } finally {
    await up.close();
  }
});

test.after(() => {
  if (disk) execFileSync('umount', [disk]);
});
