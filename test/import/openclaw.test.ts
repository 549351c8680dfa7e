import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callsOf, compiled, importFresh, M, near, RATES } from './helpers.js';

test('OpenClaw v3 + header-only child: sessions_spawn links the child; mirrors and zero-usage error turns are not calls', async () => {
  const { db, summary } = await importFresh('openclaw');
  assert.equal(summary.sessions, 1);
  assert.equal(summary.skipped['openclaw:synthetic_mirror'], 1);
  assert.equal(summary.skipped['openclaw:unbilled_error_turn'], 1);
  assert.equal(summary.skipped['invalid_json'], 1);
  const calls = callsOf(db, 'openclaw:oc-parent');
  assert.equal(calls.length, 3);
  const first = calls[0]?.call;
  // input EXCLUDES cacheRead/cacheWrite in OpenClaw, as in ours
  assert.deepEqual(first?.usage, { inputUncached: 50, cacheRead: 1000, cacheWrite5m: 3000, cacheWrite1h: 0, output: 40, reasoning: 0, estimated: false });
  assert.deepEqual(first?.rawUsage, { input: 50, output: 40, cacheRead: 1000, cacheWrite: 3000, totalTokens: 4090, cost: { total: 0.5 } });
  const child = calls.find((c) => c.call.hints.threadId === 'oc-child')?.call;
  assert.deepEqual(child?.hints, { sessionKey: 'oc-parent', threadId: 'oc-child', parentThreadId: 'oc-parent', parentToolCallId: 'call-spawn', agentLabel: 'Research A' });
  assert.equal(child?.provider, 'openai');
  const { card, structure } = compiled(db, 'openclaw:oc-parent');
  assert.equal(structure.agents.find((a) => a.kind === 'subagent')?.label, 'Research A');
  assert.deepEqual(card.totals.tokens, { input: 4090 - 40 + 1000 + 4030, cache_read: 5200, cache_write: 3000, output: 160, reasoning: 0 });
  const s = RATES.sonnet;
  const m = RATES.gpt5mini;
  // the client's own cost ($0.50, $0) is ignored: we recompute from tokens
  const usd = (80 * s.input + 5000 * s.cacheRead + 3000 * s.cacheWrite5m + 60 * s.output + 800 * m.input + 200 * m.cacheRead + 100 * m.output) / M;
  assert.ok(near(card.totals.cost.total_usd, usd), `${card.totals.cost.total_usd} vs ${usd}`);
});

test('OpenClaw sessions_spawn behind its tool bridge: the nested-tool message links the child to the bridge call, named after the tool it ran', async () => {
  const { db, summary } = await importFresh('openclaw-bridge');
  assert.equal(summary.sessions, 1);
  assert.deepEqual(summary.skipped, {}, 'the nested-tool message is read, not skipped');
  const child = callsOf(db, 'openclaw:br-parent').find((c) => c.call.hints.threadId === 'br-child')?.call;
  assert.deepEqual(child?.hints, { sessionKey: 'br-parent', threadId: 'br-child', parentThreadId: 'br-parent', parentToolCallId: 'toolu_br1', agentLabel: 'helper' });
  const { structure } = compiled(db, 'openclaw:br-parent');
  const sub = structure.agents.find((a) => a.kind === 'subagent');
  assert.equal(sub?.linkEvidence, 'log');
  const tools = structure.steps.flatMap((s) => (s.kind === 'tool' ? [[s.name, s.spawnedAgentId, s.resultIn !== null]] : []));
  assert.deepEqual(tools, [['sessions_spawn', sub.id, true], ['sessions_yield', null, true]]);
});
