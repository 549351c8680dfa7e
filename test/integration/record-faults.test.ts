import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startScriptedServer } from '../../src/scripted/server.js';
import { openDb } from '../../src/store/db.js';
import { listSessions } from '../../src/store/sessions-repo.js';
import { listExchanges } from '../../src/store/exchanges-repo.js';
import { listCalls } from '../../src/store/calls-repo.js';
import { clawtrace, REPO_ROOT, run, tempDir } from '../helpers/cli.js';

const CLIENT = path.join(REPO_ROOT, 'fixtures', 'clients', 'fault-client.mjs');

test('faults (429, 500, reset mid-stream, malformed SSE, truncated stream): same client view, every call stored as what it was', async () => {
  const direct = await startScriptedServer({ scenario: 'echo' });
  const up = await startScriptedServer({ scenario: 'echo' });
  const db = path.join(tempDir(), 'ct.db');
  try {
    const a = await run(process.execPath, [CLIENT, 'faults'], { env: { OPENAI_BASE_URL: `${direct.url}/v1` } });
    const b = await clawtrace(['record', '--db', db, '--upstream-openai', `${up.url}/v1`, '--', process.execPath, CLIENT, 'faults']);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(b.stdout, a.stdout, 'the agent output is unchanged by the recorder');
    const seen = a.stdout.trim().split('\n').map((l) => JSON.parse(l) as { fault: string | null; error?: string; status?: number });
    assert.deepEqual(seen.map((s) => s.status ?? null), [429, 500, null, null, null, null]);
    assert.deepEqual(seen.slice(0, 5).map((s) => s.error ?? 'ok'), ['RateLimitError', 'InternalServerError', 'SyntaxError', 'ok', 'ok']);
    assert.ok(seen[5]?.error, 'the reset reaches the client as a broken stream');
    const store = openDb(db);
    const [session] = listSessions(store);
    assert.ok(session);
    const ex = listExchanges(store, session.id);
    assert.equal(ex.length, 6, 'one stored exchange per call, faults included');
    assert.deepEqual(ex.map((x) => x.status), [429, 500, 200, 200, 200, 200]);
    assert.equal(ex[5]?.state, 'incomplete', 'the reset stream is stored as incomplete with what arrived');
    assert.ok((ex[5]?.responseBody.length ?? 0) > 0);
    const calls = listCalls(store, session.id);
    assert.deepEqual(calls.map((c) => c.call.error?.status ?? null), [429, 500, null, null, null, null]);
    assert.deepEqual(calls.map((c) => c.call.complete), [true, true, true, false, true, false]);
    assert.equal(calls[2]?.call.usage?.estimated, false, 'a malformed event in the middle does not lose the usage');
    assert.equal(calls[3]?.call.usage?.estimated, true, 'a truncated stream has its tokens estimated');
    store.close();
  } finally {
    await direct.close();
    await up.close();
  }
});

test('an agent killed by SIGKILL mid-stream: clawtrace exits 137, the finished call and the cut one are stored', async () => {
  const up = await startScriptedServer({ scenario: 'echo' });
  const db = path.join(tempDir(), 'ct.db');
  try {
    const r = await clawtrace(['record', '--db', db, '--upstream-openai', `${up.url}/v1`, '--', process.execPath, CLIENT, 'sigkill']);
    assert.equal(r.code, 137);
    assert.match(r.stdout, /scripted reply/);
    const store = openDb(db);
    const [session] = listSessions(store);
    assert.equal(session?.signal, 'SIGKILL');
    const ex = listExchanges(store, session?.id ?? '');
    assert.equal(ex.length, 2);
    assert.deepEqual(ex.map((x) => x.state), ['complete', 'incomplete']);
    store.close();
  } finally {
    await up.close();
  }
});

test('bad input: unknown session, bad flags and missing commands are one-line errors with exit code 2', async () => {
  const db = path.join(tempDir(), 'ct.db');
  const cases: string[][] = [
    ['show', 'nope', '--db', db],
    ['card', 'nope', '--db', db],
    ['record', '--db', db, '--tag', 'novalue', '--', 'true'],
    ['record', '--db', db, '--max-calls', 'many', '--', 'true'],
    ['distill', '--db', db, '--min-support', '0'],
    ['card', '--format', 'xml', '--db', db],
    ['mark', 'x', 'maybe', '--db', db],
  ];
  for (const args of cases) {
    const r = await clawtrace(args);
    assert.equal(r.code, 2, `${args.join(' ')} → ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
  }
  const missing = await clawtrace(['record', '--db', db, '--', 'no-such-agent-binary-xyz']);
  assert.equal(missing.code, 127);
  assert.match(missing.stderr, /could not start 'no-such-agent-binary-xyz'/);
});
