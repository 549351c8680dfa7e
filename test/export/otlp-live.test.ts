import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startScriptedServer } from '../../src/scripted/server.js';
import { openDb } from '../../src/store/db.js';
import { listCalls } from '../../src/store/calls-repo.js';
import { listSessions } from '../../src/store/sessions-repo.js';
import { clawtrace, REPO_ROOT, run, tempDir } from '../helpers/cli.js';
import { startReceiver } from './otlp-receiver.js';
import { deadPort } from '../helpers/upstream.js';

const AGENT = path.join(REPO_ROOT, 'fixtures', 'clients', 'loop-agent.mjs');

test('record --otlp streams each call as it ends: chat spans, execute_tool spans under the call that asked, one invoke_agent per session', async () => {
  const up = await startScriptedServer({ scenario: 'subagent' });
  const rx = await startReceiver();
  const db = path.join(tempDir(), 'ct.db');
  try {
    const r = await clawtrace(['record', '--db', db, '--otlp', rx.url, '--upstream-openai', `${up.url}/v1`, '--', process.execPath, AGENT]);
    assert.equal(r.code, 0, r.stderr);
    const store = openDb(db);
    const [session] = listSessions(store);
    assert.ok(session);
    const calls = listCalls(store, session.id);
    store.close();
    const chats = rx.spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
    const tools = rx.spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'execute_tool');
    const roots = rx.spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'invoke_agent');
    assert.equal(chats.length, calls.length, 'one chat span per stored call');
    assert.equal(roots.length, 1);
    const root = roots[0];
    assert.ok(root && root.parentSpanId === '' && root.attributes['clawtrace.live'] === true);
    assert.equal(root.attributes['gen_ai.conversation.id'], session.id);
    assert.ok(rx.spans.every((s) => s.traceId === root.traceId));
    assert.ok(chats.every((c) => c.parentSpanId === root.spanId));
    const asked = calls.flatMap((c) => c.call.toolCalls.map((t) => t.id));
    assert.ok(tools.length > 0 && tools.length === asked.length, `${tools.length} tool spans for ${asked.length} tool calls`);
    const chatIds = new Set(chats.map((c) => c.spanId));
    assert.ok(tools.every((t) => chatIds.has(t.parentSpanId) && asked.includes(String(t.attributes['gen_ai.tool.call.id']))));
    const cost = chats.reduce((s, c) => s + Number(c.attributes['clawtrace.cost.usd'] ?? 0), 0);
    assert.ok(cost > 0 && Math.abs(cost - Number(root.attributes['clawtrace.cost.usd'])) < 1e-12);
    const tokens = calls.reduce((s, c) => s + (c.call.usage?.output ?? 0), 0);
    assert.equal(chats.reduce((s, c) => s + Number(c.attributes['gen_ai.usage.output_tokens'] ?? 0), 0), tokens);
  } finally {
    await rx.close();
    await up.close();
  }
});

test('a dead OTLP endpoint during record leaves the agent untouched: same bytes, same exit code, the failure only logged', async () => {
  const direct = await startScriptedServer({ scenario: 'subagent' });
  const up = await startScriptedServer({ scenario: 'subagent' });
  const dir = tempDir();
  const db = path.join(dir, 'ct.db');
  const dead = `http://127.0.0.1:${await deadPort()}`;
  try {
    const a = await run(process.execPath, [AGENT], { env: { OPENAI_BASE_URL: `${direct.url}/v1` } });
    const b = await clawtrace(['record', '--db', db, '--otlp', dead, '--upstream-openai', `${up.url}/v1`, '--', process.execPath, AGENT]);
    assert.equal(b.code, a.code);
    assert.equal(b.stdout, a.stdout, 'the agent printed the same bytes');
    assert.doesNotMatch(b.stderr, /OTLP|ECONNREFUSED/, 'nothing about the collector on the terminal');
    const log = fs.readFileSync(path.join(dir, 'recorder.log'), 'utf8');
    assert.match(log, /OTLP export failed/);
    assert.match(log, /span\(s\) could not be delivered/);
    const store = openDb(db);
    const [session] = listSessions(store);
    assert.ok(session && listCalls(store, session.id).length > 0, 'every call still recorded');
    store.close();

    const script = 'process.stdout.write("partial output\\n"); process.exit(7)';
    const c = await clawtrace(['record', '--db', db, '--otlp', dead, '--', process.execPath, '-e', script]);
    assert.equal(c.code, 7, 'the agent exit code passes through');
    assert.equal(c.stdout, 'partial output\n');
  } finally {
    await direct.close();
    await up.close();
  }
});
