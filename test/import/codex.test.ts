import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callsOf, compiled, importFresh, M, near, RATES } from './helpers.js';

test('rollout 0.44: info-less and repeated token_count events are not summed; cached inside input, reasoning inside output', async () => {
  const { db, summary } = await importFresh('codex');
  assert.equal(summary.calls, 2);
  const calls = callsOf(db, 'codex:codex-sess-1');
  // call 1: last 5000 in (4000 cached), 200 out (150 reasoning); call 2: last 6000 in (5000 cached), 100 out
  assert.deepEqual(calls[0]?.call.usage, { inputUncached: 1000, cacheRead: 4000, cacheWrite5m: 0, cacheWrite1h: 0, output: 200, reasoning: 150, estimated: false });
  assert.deepEqual(calls[1]?.call.request.toolResults.map((r) => r.toolCallId), ['call_1']);
  const { card, session } = compiled(db, 'codex:codex-sess-1');
  assert.equal(session.agentVersion, '0.44.0');
  assert.deepEqual(card.totals.tokens, { input: 11000, cache_read: 9000, cache_write: 0, output: 300, reasoning: 150 });
  const r = RATES.gpt5;
  assert.ok(near(card.totals.cost.total_usd, (2000 * r.input + 9000 * r.cacheRead + 300 * r.output) / M));
  assert.equal(card.totals.tool_uses, 1);
});

test('sub-agent rollout joins its parent session; the fork replay of parent totals is not counted', async () => {
  const { db, summary } = await importFresh('codex-subagent');
  assert.equal(summary.sessions, 1);
  assert.equal(summary.skipped['codex:unknown_type:bogus_type'], 1);
  const key = 'codex:0199a000-0000-7000-8000-000000000001';
  const calls = callsOf(db, key);
  const child = calls.filter((c) => c.call.hints.threadId === '0199a000-0100-7000-8000-000000000002');
  // child: 1000 in (500 cached) / 60 out from last_token_usage, then the diff of totals 4200/2500/190 - 3000/1500/160
  assert.deepEqual(
    child.map((c) => [c.call.model, c.call.usage?.inputUncached, c.call.usage?.cacheRead, c.call.usage?.output]),
    [
      ['gpt-5.1-codex-mini', 500, 500, 60],
      ['gpt-5.1-codex-mini', 200, 1000, 30],
    ],
  );
  assert.equal(child[0]?.call.hints.parentToolCallId, 'c-spawn');
  assert.equal(child[0]?.call.hints.agentLabel, 'Tester');
  const parent = calls.filter((c) => c.call.hints.threadId === '0199a000-0000-7000-8000-000000000001');
  assert.equal(parent.length, 3);
  // the last parent turn wrote no token_count: kept as an incomplete call, its usage estimated (marked), not $0
  const cut = parent[2]?.call;
  assert.equal(cut?.usage?.estimated, true);
  assert.ok((cut?.usage?.inputUncached ?? 0) > 0 && (cut?.usage?.output ?? 0) > 0, 'prompt and output re-counted');
  assert.equal(cut?.complete, false);
  assert.deepEqual(cut?.request.toolResults.map((r) => [r.toolCallId, r.isError]), [['c-patch', true]]);
  const { card, structure } = compiled(db, key);
  assert.equal(structure.agents.find((a) => a.kind === 'subagent')?.label, 'Tester');
  const estIn = cut?.usage?.inputUncached ?? 0;
  const estOut = cut?.usage?.output ?? 0;
  assert.deepEqual(card.totals.tokens, { input: 2000 + 2500 + 1000 + 1200 + estIn, cache_read: 1800 + 500 + 1000, cache_write: 0, output: 270 + estOut, reasoning: 40 });
  const g = RATES.gpt5;
  const mini = RATES.gpt5mini;
  const est = cut?.usage ? (cut.usage.inputUncached * g.input + cut.usage.output * g.output) / M : 0;
  const usd = (2700 * g.input + 1800 * g.cacheRead + 180 * g.output + 700 * mini.input + 1500 * mini.cacheRead + 90 * mini.output) / M + est;
  assert.ok(near(card.totals.cost.total_usd, usd), `${card.totals.cost.total_usd} vs ${usd}`);
  assert.equal(card.totals.cost.unpriced_calls, 0);
  assert.equal(card.totals.cost.estimated_calls, 1);
});

test('Codex 0.169 multi-agent v2 rollouts (first line past the sniffing head): the child joins its parent, linked to collaboration.spawn_agent by agent path', async () => {
  const { db, summary } = await importFresh('codex-multi-agent-v2');
  assert.deepEqual([summary.sessions, summary.calls], [1, 7], 'both rollouts are recognised and form one session');
  assert.deepEqual(summary.skipped, {}, 'the newer record types are known, not skipped');
  const { card, structure } = compiled(db, 'codex:01a203af-6407-7b21-96ac-4bea787d4faa');
  const sub = structure.agents.find((a) => a.kind === 'subagent');
  assert.equal(sub?.label, 'Locke');
  assert.equal(sub.linkEvidence, 'log', 'the spawn output names the child’s agent path');
  const spawn = structure.steps.find((s) => s.kind === 'tool' && s.id === sub.spawnedByStepId);
  assert.equal(spawn?.kind === 'tool' ? spawn.name : null, 'collaboration.spawn_agent');
  // Codex's own final totals: 48,333 input tokens in the parent's rollout, 16,480 in the child's (the recorder saw the same)
  const main = structure.steps.filter((s) => s.kind === 'llm' && s.agentId === 'main');
  assert.equal(main.length, 5);
  assert.equal(card.totals.tokens.input, 48_333 + 16_480);
  assert.equal(card.totals.tool_uses, 5);
});
