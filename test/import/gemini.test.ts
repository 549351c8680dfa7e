import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callsOf, compiled, importFresh, M, near, RATES } from './helpers.js';

test('Gemini JSON document: one call per gemini message; thoughts billed as output; tool results go to the next call', async () => {
  const { db } = await importFresh('gemini/tmp/hash1');
  const key = 'gemini:g1aaaaaa-0000-4000-8000-000000000001';
  const calls = callsOf(db, key);
  assert.equal(calls.length, 2);
  // input 1200 includes 1000 cached; output 30 + 70 thoughts
  assert.deepEqual(calls[0]?.call.usage, { inputUncached: 200, cacheRead: 1000, cacheWrite5m: 0, cacheWrite1h: 0, output: 100, reasoning: 70, estimated: false });
  assert.deepEqual(calls[1]?.call.request.toolResults.map((r) => r.toolCallId), ['ls-1']);
  const { card } = compiled(db, key);
  assert.deepEqual(card.totals.tokens, { input: 2500, cache_read: 1000, cache_write: 0, output: 105, reasoning: 70 });
  const r = RATES.gemini;
  assert.ok(near(card.totals.cost.total_usd, (1500 * r.input + 1000 * r.cacheRead + 105 * r.output) / M));
  assert.equal(card.totals.tool_uses, 1);
});

test('Gemini JSONL: a re-appended message (tokens added later) counts once; $set lines; sub-agent chat joins the session', async () => {
  const { db, summary } = await importFresh('gemini/tmp/hash2');
  assert.equal(summary.sessions, 1);
  assert.equal(summary.skipped['invalid_json'], 1);
  const key = 'gemini:g2bbbbbb-0000-4000-8000-000000000002';
  const calls = callsOf(db, key);
  assert.equal(calls.length, 3);
  const sub = calls.find((c) => c.call.hints.threadId === 'sub-s1')?.call;
  assert.equal(sub?.hints.parentThreadId, 'g2bbbbbb-0000-4000-8000-000000000002');
  const { card, structure } = compiled(db, key);
  assert.equal(structure.agents.filter((a) => a.kind === 'subagent').length, 1);
  // x2 500 / 20+10 thoughts; sub y2 300 / 6; x3 600 (400 cached) / 4
  assert.deepEqual(card.totals.tokens, { input: 1400, cache_read: 400, cache_write: 0, output: 40, reasoning: 10 });
  const r = RATES.gemini;
  assert.ok(near(card.totals.cost.total_usd, (1000 * r.input + 400 * r.cacheRead + 40 * r.output) / M));
});
