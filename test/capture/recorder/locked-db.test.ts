import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { clawtrace, tempDir } from '../../helpers/cli.js';
import { openDb } from '../../../src/store/db.js';
import { counts, LOAD_CLIENT, modelUpstream } from './harness.js';

test('another writer holds the database lock for the whole run: traffic is not held up, nothing is lost once it lets go', async () => {
  const up = await modelUpstream();
  const db = path.join(tempDir(), 'ct.db');
  openDb(db).close();
  const other = openDb(db);
  // a long job elsewhere (a recompile) holding the write lock far longer than any busy timeout
  other.prepare('BEGIN IMMEDIATE').run();
  let released = false;
  try {
    const recording = clawtrace(['record', '--db', db, '--quiet', '--upstream-openai', `${up.url}/v1`, '--', process.execPath, LOAD_CLIENT, 'calls', '60']);
    // the agent's 60 calls all go through while the lock is still held: none waits on the database
    for (let i = 0; i < 400 && up.seen.length < 60; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(up.seen.length, 60, 'every call reached the upstream while the database was locked');
    await new Promise((r) => setTimeout(r, 1500)); // well past the writer's busy timeout: its writes wait, queued
    other.prepare('COMMIT').run();
    released = true;
    const r = await recording;
    assert.equal(r.code, 0, r.stderr);
    const c = counts(db);
    c.db.close();
    assert.equal(c.exchanges['complete'], 60, 'all 60 stored once the lock was released');
    assert.equal(c.calls, 60);
  } finally {
    if (!released) other.prepare('COMMIT').run();
    other.close();
    await up.close();
  }
});
