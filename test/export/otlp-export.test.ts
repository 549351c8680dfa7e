import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import * as semconv from '@opentelemetry/semantic-conventions/incubating';
import { compileSession } from '../../src/compile/compile-session.js';
import type { TraceCard } from '../../src/compile/card/schema.js';
import { loadPriceTable } from '../../src/compile/pricing/price-table.js';
import { openDb } from '../../src/store/db.js';
import { listSessions } from '../../src/store/sessions-repo.js';
import { clawtrace, tempDir } from '../helpers/cli.js';
import { addSession, demoSessions, teamOne } from '../team/fixture.js';
import { startReceiver, type ReceivedSpan } from './otlp-receiver.js';

const table = loadPriceTable({ pricesFile: undefined, projectDir: tempDir() });
/** Every GenAI attribute name the semantic conventions package defines. */
const GENAI_NAMES = new Set(
  Object.entries(semconv)
    .filter(([k, v]) => k.startsWith('ATTR_GEN_AI_') && typeof v === 'string')
    .map(([, v]) => v as string),
);
const SECRET = 'sk-ant-api03-Zq8mYt3vLx9KpR2wNc7HdJ5fGb1sUe4a';

function fixtureDb(): { file: string; cards: Map<string, TraceCard> } {
  const root = tempDir();
  const file = path.join(root, 'ct.db');
  const db = openDb(file);
  demoSessions(db);
  teamOne(db, root);
  addSession(db, {
    id: 'dddd00000001',
    cwd: root,
    agent: 'claude-code',
    calls: [
      { at: '2026-03-10T10:00:00Z', model: 'claude-sonnet-4-6', usage: { inputUncached: 500, output: 20 }, tools: [{ id: 'k1', name: 'bash', args: JSON.stringify({ command: `curl -H "x-api-key: ${SECRET}" api` }) }], prompt: `use key ${SECRET}` },
      { at: '2026-03-10T10:00:09Z', model: 'claude-sonnet-4-6', usage: { inputUncached: 600, output: 30 }, results: ['k1'] },
    ],
  });
  const cards = new Map(listSessions(db).map((s) => [s.id, compileSession(db, s.id, table).card]));
  db.close();
  return { file, cards };
}

const op = (s: ReceivedSpan): string => String(s.attributes['gen_ai.operation.name']);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

function checkTrees(spans: ReceivedSpan[], cards: Map<string, TraceCard>): void {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  assert.equal(byId.size, spans.length, 'span ids are unique');
  for (const [id, card] of cards) {
    const mine = spans.filter((s) => s.attributes['gen_ai.conversation.id'] === id || s.attributes['clawtrace.session.id'] === id);
    const roots = mine.filter((s) => s.parentSpanId === '');
    assert.equal(roots.length, 1, `one root span for ${id}`);
    const root = roots[0] as ReceivedSpan;
    assert.equal(op(root), 'invoke_agent');
    assert.ok(mine.every((s) => s.traceId === root.traceId), 'one trace per session');
    for (const s of mine) {
      if (s === root) continue;
      const parent = byId.get(s.parentSpanId);
      assert.ok(parent, `${s.name} has its parent in the export`);
      const expectedParent = op(s) === 'chat' ? 'invoke_agent' : op(s) === 'execute_tool' ? 'chat' : 'execute_tool';
      assert.equal(op(parent), expectedParent, `${s.name} sits under ${expectedParent}`);
    }
    const t = card.totals;
    const chats = mine.filter((s) => op(s) === 'chat');
    assert.equal(chats.length, t.llm_calls);
    assert.equal(mine.filter((s) => op(s) === 'execute_tool').length, t.tool_uses);
    assert.equal(mine.filter((s) => op(s) === 'invoke_agent').length, 1 + t.sub_agents);
    for (const a of t.by_agent.filter((x) => x.kind === 'subagent' && x.spawned_by)) {
      const span = mine.find((s) => op(s) === 'invoke_agent' && s.attributes['gen_ai.agent.id'] === a.agent);
      assert.equal(byId.get(span?.parentSpanId ?? '')?.attributes['clawtrace.step.id'], a.spawned_by, 'a sub-agent hangs under the tool call that spawned it');
    }
    // totals: the spans add up to the card's figures
    const priced = chats.reduce((sum, s) => sum + num(s.attributes['clawtrace.cost.usd']), 0);
    assert.ok(Math.abs(priced - (t.cost.total_usd ?? 0)) < 1e-6 * (t.llm_calls + 1), `${id}: $${priced} vs card $${t.cost.total_usd}`);
    if (t.cost.total_usd === null) assert.equal(root.attributes['clawtrace.cost.usd'], undefined, 'unpriced: no cost, never $0');
    else assert.equal(num(root.attributes['clawtrace.cost.usd']), t.cost.total_usd);
    assert.equal(chats.filter((s) => s.attributes['clawtrace.cost.unpriced'] === true).length, t.cost.unpriced_calls);
    assert.equal(num(root.attributes['clawtrace.cost.unpriced_calls']), t.cost.unpriced_calls);
    assert.equal(chats.reduce((sum, s) => sum + num(s.attributes['gen_ai.usage.input_tokens']), 0), t.tokens.input);
    assert.equal(chats.reduce((sum, s) => sum + num(s.attributes['gen_ai.usage.output_tokens']), 0), t.tokens.output);
    assert.equal(chats.reduce((sum, s) => sum + num(s.attributes['gen_ai.usage.cache_read.input_tokens']), 0), t.tokens.cache_read);
    const wasted = card.flags.reduce((sum, f) => sum + (f.wasted_usd ?? 0), 0);
    const onSteps = mine.filter((s) => s !== root).reduce((sum, s) => sum + num(s.attributes['clawtrace.flags.wasted_usd']), 0);
    assert.ok(Math.abs(onSteps - wasted) < 1e-9 && Math.abs(num(root.attributes['clawtrace.flags.wasted_usd']) - wasted) < 1e-9, `flags' dollars of ${id}`);
    assert.equal(mine.filter((s) => s.attributes['clawtrace.flags'] !== undefined && s !== root).length > 0, card.flags.length > 0);
  }
}

test('export otlp (protobuf): one trace per session, invoke_agent → chat → execute_tool with sub-agents under their spawning tool, GenAI names from semantic-conventions, totals equal the cards', async () => {
  const { file, cards } = fixtureDb();
  const rx = await startReceiver();
  try {
    const r = await clawtrace(['export', 'otlp', '--db', file, '--endpoint', rx.url, '--header', 'authorization=Bearer abc123']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`sent ${cards.size} session\\(s\\) as ${rx.spans.length} spans`));
    assert.doesNotMatch(r.stderr, /abc123/, 'header values are never printed');
    assert.ok(rx.requests.every((q) => q.path === '/v1/traces' && q.contentType === 'application/x-protobuf' && q.headers['authorization'] === 'Bearer abc123'));
    checkTrees(rx.spans, cards);
    const names = new Set(rx.spans.flatMap((s) => Object.keys(s.attributes)));
    for (const n of names) {
      assert.ok(n.startsWith('gen_ai.') ? GENAI_NAMES.has(n) : n.startsWith('clawtrace.') || n === 'error.type', `attribute ${n} is a GenAI semantic convention or clawtrace's own`);
    }
    for (const n of ['gen_ai.provider.name', 'gen_ai.request.model', 'gen_ai.response.model', 'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_creation.input_tokens', 'gen_ai.response.finish_reasons', 'gen_ai.tool.name', 'gen_ai.tool.call.id']) {
      assert.ok(names.has(n), `${n} is exported`);
    }
    assert.ok(rx.spans.every((s) => s.resource['service.name'] === 'clawtrace'));
    assert.ok(!names.has('gen_ai.input.messages') && !names.has('gen_ai.tool.call.arguments'), 'no content without --content');
    // the same sessions again: the same ids (a collector sees the same trace, not a second one)
    const first = rx.spans.map((s) => `${s.traceId}/${s.spanId}`).sort();
    rx.spans.length = 0;
    await clawtrace(['export', 'otlp', '--db', file, '--endpoint', rx.url]);
    assert.deepEqual(rx.spans.map((s) => `${s.traceId}/${s.spanId}`).sort(), first);
  } finally {
    await rx.close();
  }
});

test('export otlp --protocol http/json --content: the same tree over OTLP/JSON, content present and secrets masked', async () => {
  const { file, cards } = fixtureDb();
  const rx = await startReceiver();
  try {
    const r = await clawtrace(['export', 'otlp', '--db', file, '--endpoint', `${rx.url}/v1/traces`, '--protocol', 'http/json', '--content']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(rx.requests.every((q) => q.path === '/v1/traces' && q.contentType.startsWith('application/json')));
    checkTrees(rx.spans, cards);
    const tool = rx.spans.find((s) => s.attributes['gen_ai.tool.call.id'] === 'k1');
    assert.match(String(tool?.attributes['gen_ai.tool.call.arguments']), /curl -H .*\*\*\*/);
    const all = JSON.stringify(rx.spans);
    assert.ok(!all.includes(SECRET), 'the key never leaves masked');
    assert.ok(rx.spans.some((s) => String(s.attributes['gen_ai.input.messages'] ?? '').includes('"role":"user"')));
  } finally {
    await rx.close();
  }
});

test('export otlp: a collector that refuses or is down is one line and exit 1; bad options exit 2', async () => {
  const { file } = fixtureDb();
  const rx = await startReceiver({ status: 400 });
  try {
    const refused = await clawtrace(['export', 'otlp', '--db', file, '--endpoint', rx.url]);
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
  } finally {
    await rx.close();
  }
  const down = await clawtrace(['export', 'otlp', '--db', file, '--endpoint', 'http://127.0.0.1:9/']);
  assert.equal(down.code, 1, down.stderr);
  assert.equal(down.stderr.trim().split('\n').length, 1, down.stderr);
  for (const args of [['--endpoint', 'ftp://x'], ['--endpoint', 'http://127.0.0.1:9', '--protocol', 'grpc'], ['--endpoint', 'http://127.0.0.1:9', '--header', 'novalue'], ['nosuchsession', '--endpoint', 'http://127.0.0.1:9']]) {
    const e = await clawtrace(['export', 'otlp', '--db', file, ...args], { env: { OTEL_EXPORTER_OTLP_ENDPOINT: '' } });
    assert.equal(e.code, 2, `${args.join(' ')}: ${e.stderr}`);
  }
});
