import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { compileSession } from '../../../src/compile/compile-session.js';
import { makePriceTable } from '../../../src/compile/pricing/price-table.js';
import { runImport } from '../../../src/import/run-import.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { M, RATES, TEST_PRICES, callsOf, compiled, near, sessionIdOf } from '../helpers.js';
import { CC_SID, ccAsst, ccUser, logDir, u, writeJsonl } from './build.js';

const KEY = `claude-code:${CC_SID}`;
const S = RATES.sonnet;

async function importDirs(...dirs: string[]): Promise<{ db: Db; summary: Awaited<ReturnType<typeof runImport>> }> {
  const db = openDb(':memory:');
  return { db, summary: await runImport(db, { paths: dirs, env: {}, homedir: '/nonexistent-home' }) };
}

const spawnLine = (): Record<string, unknown> =>
  ccAsst('a1', 'u1', 'msg_p1', 'req_p1', u(10, 100), [{ type: 'tool_use', id: 'toolu_1', name: 'Agent', input: { subagent_type: 'general-purpose', prompt: 'x' } }], { stop: 'tool_use' });
const spawnResult = (): Record<string, unknown> =>
  ccUser('u2', 'a1', [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'done' }], { extra: { toolUseResult: { agentId: 'abc', status: 'completed' } } });

test('#1 a first line of 6 KB (a sub-agent task prompt, a long first prompt) is still an agent log; an unknown file is named', async () => {
  const dir = logDir('cc-head');
  writeJsonl(path.join(dir, `${CC_SID}.jsonl`), [ccUser('u1', null, 'Q'.repeat(6000)), spawnLine(), spawnResult()]);
  writeJsonl(path.join(dir, CC_SID, 'subagents', 'agent-abc.jsonl'), [
    ccUser('s1', null, 'P'.repeat(6000), { sidechain: true, agent: 'abc' }),
    ccAsst('s2', 's1', 'msg_s1', 'req_s1', u(1000, 2000), [{ type: 'text', text: 'sub-agent answer' }], { sidechain: true, agent: 'abc', stop: 'end_turn' }),
  ]);
  writeJsonl(path.join(dir, 'notes.jsonl'), [{ hello: 'not a log' }]);
  const { db, summary } = await importDirs(dir);
  assert.deepEqual([summary.sessions, summary.calls], [1, 2]);
  assert.deepEqual(summary.unknownPaths, [path.join(dir, 'notes.jsonl')]);
  const { card, structure, costs } = compiled(db, KEY);
  const sub = structure.agents.find((a) => a.kind === 'subagent');
  const spawn = structure.steps.find((s) => s.kind === 'tool' && s.name === 'Agent');
  assert.ok(sub && spawn && sub.spawnedByStepId === spawn.id, 'the sub-agent is linked to the Agent step');
  const subUsd = (1000 * S.input + 2000 * S.output) / M;
  assert.ok(near(costs.find((c) => c.stepId === spawn.id)?.subagent ?? null, subUsd), 'its cost rolls into the spawn');
  assert.ok(near(card.totals.cost.total_usd, subUsd + (10 * S.input + 100 * S.output) / M));
});

test('#2 copies of one response: the final copy (largest output, with a stop_reason) is kept, not the largest sum', async () => {
  const dir = logDir('cc-copies');
  writeJsonl(path.join(dir, `${CC_SID}.jsonl`), [
    ccUser('u1', null, 'go'),
    // behind some proxies the first copy holds message_start's estimate: larger input, no output
    ccAsst('a1', 'u1', 'msg_x', null, { input_tokens: 50000, output_tokens: 0 }, [{ type: 'thinking', thinking: 'hmm', signature: '' }]),
    ccAsst('a2', 'a1', 'msg_x', null, u(48000, 120), [{ type: 'text', text: 'answer' }], { stop: 'end_turn' }),
    ccAsst('a3', 'a2', 'msg_x', null, u(48000, 120), [{ type: 'text', text: 'answer' }], { stop: null }),
  ]);
  const { db } = await importDirs(dir);
  const calls = callsOf(db, KEY);
  assert.equal(calls.length, 1);
  assert.deepEqual([calls[0]?.call.usage?.inputUncached, calls[0]?.call.usage?.output], [48000, 120]);
  assert.ok(near(compiled(db, KEY).card.totals.cost.total_usd, (48000 * S.input + 120 * S.output) / M));
});

test('#3 a non-Anthropic model in a Claude Code log is priced on the list that has it, and says which', async () => {
  const dir = logDir('cc-other');
  writeJsonl(path.join(dir, `${CC_SID}.jsonl`), [ccUser('u1', null, 'go'), ccAsst('a1', 'u1', 'msg_m', null, u(48000, 120), [{ type: 'text', text: 'hi' }], { model: 'minimax-m2.7', stop: 'end_turn' })]);
  const { db } = await importDirs(dir);
  const c = compileSession(db, sessionIdOf(db, KEY), makePriceTable([]));
  // genai-prices: MiniMax-M2.7 input $0.30, output $1.20 per million
  assert.ok(near(c.card.totals.cost.total_usd, (48000 * 0.3 + 120 * 1.2) / M), `${c.card.totals.cost.total_usd}`);
  const source = c.costs.find((x) => x.call)?.call?.source;
  assert.equal(source?.provider, 'minimax');
  assert.match(source?.note ?? '', /minimax's list/);
});

test('#11 parallel tool_use lines interleaved with their tool_result lines: every result is paired', async () => {
  const dir = logDir('cc-interleaved');
  writeJsonl(path.join(dir, `${CC_SID}.jsonl`), [
    ccUser('u1', null, 'go'),
    ccAsst('a1', 'u1', 'msg_p1', 'req_p1', u(10, 50), [{ type: 'tool_use', id: 'toolu_A', name: 'Bash', input: { command: 'echo A' } }]),
    ccUser('u2', 'a1', [{ type: 'tool_result', tool_use_id: 'toolu_A', content: 'A'.repeat(4000) }], { ts: '2026-04-01T10:00:02.000Z' }),
    ccAsst('a2', 'u2', 'msg_p1', 'req_p1', u(10, 50), [{ type: 'tool_use', id: 'toolu_B', name: 'Bash', input: { command: 'echo B' } }], { stop: 'tool_use', ts: '2026-04-01T10:00:02.500Z' }),
    ccUser('u3', 'a2', [{ type: 'tool_result', tool_use_id: 'toolu_B', content: 'B' }], { ts: '2026-04-01T10:00:03.000Z' }),
    ccAsst('a3', 'u3', 'msg_p2', 'req_p2', u(5, 20, 5000), [{ type: 'text', text: 'done' }], { stop: 'end_turn', ts: '2026-04-01T10:00:05.000Z' }),
  ]);
  const { db } = await importDirs(dir);
  const second = callsOf(db, KEY)[1]?.call.request;
  assert.deepEqual(second?.toolResults.map((r) => r.toolCallId), ['toolu_A', 'toolu_B']);
  assert.equal(second?.messageCount, 3, 'user, assistant (both tool_use blocks), user (both results)');
  const { structure } = compiled(db, KEY);
  const tools = structure.steps.filter((s) => s.kind === 'tool');
  assert.deepEqual(tools.map((t) => t.kind === 'tool' && t.resultIn !== null), [true, true]);
});

test('#16 a compaction run (subagents/agent-acompact-*) is a compaction call of the main agent, not a sub-agent', async () => {
  const dir = logDir('cc-compact');
  writeJsonl(path.join(dir, `${CC_SID}.jsonl`), [ccUser('u1', null, 'go'), ccAsst('a1', 'u1', 'msg_m1', 'req_m1', u(10, 100, 1000), [{ type: 'text', text: 'ok' }], { stop: 'end_turn' })]);
  writeJsonl(path.join(dir, CC_SID, 'subagents', 'agent-acompact-946d2b.jsonl'), [
    ccUser('c1', 'a1', 'Your task is to create a detailed summary of the conversation so far.', { sidechain: true, agent: 'acompact-946d2b', ts: '2026-04-01T10:00:05.000Z' }),
    ccAsst('c2', 'c1', 'msg_c1', 'req_c1', u(3, 8, 17842, 121689), [{ type: 'text', text: '<summary>' }], { sidechain: true, agent: 'acompact-946d2b', ts: '2026-04-01T10:00:06.000Z', stop: 'end_turn' }),
  ]);
  const { db } = await importDirs(dir);
  const { card, structure } = compiled(db, KEY);
  assert.equal(structure.agents.length, 1, 'no sub-agent');
  const compaction = structure.steps.find((s) => s.kind === 'llm' && s.auxiliary === 'compaction');
  assert.equal(compaction?.agentId, 'main');
  const compactUsd = (3 * S.input + 8 * S.output + 17842 * S.cacheRead + 121689 * S.cacheWrite5m) / M;
  assert.ok(near(card.totals.cost.auxiliary_usd, compactUsd));
  assert.ok(near(card.totals.cost.total_usd, compactUsd + (10 * S.input + 100 * S.output + 1000 * S.cacheRead) / M));
});

test('#6 an all-unpriced sub-agent is null with an unpriced count everywhere, never $0', async () => {
  const dir = logDir('cc-unpriced');
  writeJsonl(path.join(dir, `${CC_SID}.jsonl`), [ccUser('u1', null, 'go'), spawnLine(), spawnResult(), ccAsst('a2', 'u2', 'msg_p2', 'req_p2', u(20, 10), [{ type: 'text', text: 'ok' }], { stop: 'end_turn', ts: '2026-04-01T10:00:09.000Z' })]);
  writeJsonl(path.join(dir, CC_SID, 'subagents', 'agent-abc.jsonl'), [
    ccUser('s1', null, 'short prompt', { sidechain: true, agent: 'abc' }),
    ccAsst('s2', 's1', 'msg_s1', 'req_s1', u(1000, 2000), [{ type: 'text', text: 'answer' }], { model: 'acme-internal-1', sidechain: true, agent: 'abc', stop: 'end_turn' }),
  ]);
  const { db } = await importDirs(dir);
  const { card } = compiled(db, KEY);
  const a1 = card.totals.by_agent.find((a) => a.agent === 'a1');
  assert.deepEqual([a1?.cost_usd, a1?.unpriced_calls], [null, 1]);
  assert.deepEqual(card.paper.sub_agents.map((s) => [s.cost_usd, s.unpriced_calls]), [[null, 1]]);
  const main = (10 * S.input + 100 * S.output + 20 * S.input + 10 * S.output) / M;
  assert.ok(near(card.paper.total_cost_usd, main));
  assert.equal(card.totals.cost.unpriced_calls, 1);
  const spawn = card.steps.find((s) => s.name === 'Agent');
  assert.equal(spawn?.carried, null, "the spawn step's roll-up is unpriced, not $0");
});

test('#12 an older, shorter copy of a session at another path never overwrites the fuller one, in either order', async () => {
  const full = logDir('cc-full');
  const old = logDir('cc-old');
  const rows = [ccUser('u1', null, 'go'), ccAsst('a1', 'u1', 'msg_1', 'r1', u(10, 5), [{ type: 'text', text: 'one' }], { stop: 'end_turn' })];
  writeJsonl(path.join(old, `${CC_SID}.jsonl`), [...rows, ccAsst('a2', 'a1', 'msg_2', 'r2', u(20, 1), [{ type: 'text', text: 'tw' }])]);
  writeJsonl(path.join(full, `${CC_SID}.jsonl`), [
    ...rows,
    ccAsst('a2', 'a1', 'msg_2', 'r2', u(20, 40), [{ type: 'text', text: 'two' }], { stop: 'end_turn' }),
    ccUser('u3', 'a2', 'more'),
    ccAsst('a3', 'u3', 'msg_3', 'r3', u(30, 7), [{ type: 'text', text: 'three' }], { stop: 'end_turn', ts: '2026-04-01T10:00:09.000Z' }),
  ]);
  for (const order of [[full, old], [old, full]]) {
    const db = openDb(':memory:');
    for (const d of order) await runImport(db, { paths: [d], env: {}, homedir: '/nonexistent-home' });
    const calls = callsOf(db, KEY);
    assert.deepEqual(calls.map((c) => c.call.usage?.output), [5, 40, 7], `order ${order.map((d) => path.basename(d)).join(' then ')}`);
    assert.ok(fs.existsSync(path.join(full, `${CC_SID}.jsonl`)));
  }
});

test('prices from the test table: the hand-computed rates the other tests use are the ones applied', () => {
  assert.equal(TEST_PRICES.lookup({ provider: 'anthropic', model: 'claude-sonnet-4-6', promptTokens: 10 })?.rates.input, S.input);
});
