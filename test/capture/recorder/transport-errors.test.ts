import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { clawtrace, tempDir } from '../../helpers/cli.js';
import { startUpstream } from '../../helpers/upstream.js';
import { counts, LOAD_CLIENT } from './harness.js';

test('a request that never reached its provider (connection refused) is a transport error of the session, not an LLM call', async () => {
  const dead = await startUpstream(() => undefined);
  await dead.close(); // its port is closed now
  const db = path.join(tempDir(), 'ct.db');
  const r = await clawtrace(['record', '--db', db, '--upstream-openai', `${dead.url}/v1`, '--', process.execPath, LOAD_CLIENT, 'calls', '2']);
  assert.equal(r.code, 3, 'the agent’s own exit code (its calls failed)');
  const c = counts(db);
  const errors = c.db.prepare(`SELECT error_text FROM exchanges WHERE state = 'upstream_error'`).all() as { error_text: string }[];
  c.db.close();
  assert.equal(errors.length, 2, 'both requests kept as raw exchanges');
  assert.match(errors[0]?.error_text ?? '', /ECONNREFUSED/);
  assert.equal(c.calls, 0, 'no LLM call recorded for them');
  assert.match(r.stderr, /2 request\(s\) never reached their provider \(connect ECONNREFUSED/);
  assert.match(r.stderr, /0 LLM calls/);
});
