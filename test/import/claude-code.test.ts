import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callsOf, compiled, importFresh, M, near, RATES } from './helpers.js';

const S1 = 'claude-code:11111111-2222-3333-4444-555555555555';

test('agent file beside the session: copies of one response count once with the fullest usage; synthetic error unbilled', async () => {
  const { db, summary } = await importFresh('claude-code');
  assert.equal(summary.sessions, 1);
  const calls = callsOf(db, S1);
  // msg_1 (2 copies), msg_2, msg_s1 (agent file; its progress mirror is not counted), msg_3, msg_err (synthetic)
  assert.equal(calls.length, 5);
  const msg1 = calls[0]?.call;
  // first copy says output 5, the later copy 42: the later, fuller one wins
  assert.deepEqual(msg1?.usage, { inputUncached: 10, cacheRead: 0, cacheWrite5m: 1000, cacheWrite1h: 0, output: 42, reasoning: 0, estimated: false });
  assert.deepEqual(msg1?.toolCalls.map((t) => t.name), ['Bash']);
  const err = calls.find((c) => c.call.error !== null)?.call;
  assert.equal(err?.usage, null);
  assert.equal(err?.error?.type, 'api_error');
  assert.equal(summary.skipped['invalid_json'], 1);
  const { card, structure } = compiled(db, S1);
  // input incl. cache: 10+1000 + 5+1000+200 + 100 + 3+1200 = 3518; output 42+30+20+10 = 102
  assert.deepEqual(card.totals.tokens, { input: 3518, cache_read: 2200, cache_write: 1200, output: 102, reasoning: 0 });
  const r = RATES.sonnet;
  const usd = ((10 + 5 + 100 + 3) * r.input + 2200 * r.cacheRead + 1200 * r.cacheWrite5m + 102 * r.output) / M;
  assert.ok(near(card.totals.cost.total_usd, usd), `${card.totals.cost.total_usd} vs ${usd}`);
  const task = structure.steps.find((s) => s.kind === 'tool' && s.name === 'Task');
  const sub = structure.agents.find((a) => a.kind === 'subagent');
  assert.equal(sub?.spawnedByStepId, task?.id);
  const bash = structure.steps.find((s) => s.kind === 'tool' && s.name === 'Bash');
  assert.ok(bash?.kind === 'tool' && bash.resultIn !== null, 'Bash paired with its result');
});

test('subagents/ folder with .meta.json, and a Warmup agent marked auxiliary', async () => {
  const { db } = await importFresh('claude-code-subagents');
  const calls = callsOf(db, 'claude-code:sess-2');
  assert.equal(calls.length, 4);
  const warm = calls.find((c) => c.call.hints.threadId === 'warm');
  assert.equal(warm?.call.hints.auxiliary, 'warmup');
  const x1 = calls.find((c) => c.call.hints.threadId === 'x1');
  assert.equal(x1?.call.hints.agentLabel, 'Explore');
  assert.equal(x1?.call.hints.parentThreadId, 'sess-2');
  const { card, structure } = compiled(db, 'claude-code:sess-2');
  assert.equal(structure.agents.filter((a) => a.kind === 'subagent').length, 1);
  // m1 20 + 500 write, out 25; warmup 50 / 2; x1 200 / 15; m2 4 + 500 read / 12
  assert.deepEqual(card.totals.tokens, { input: 20 + 500 + 50 + 200 + 4 + 500, cache_read: 500, cache_write: 500, output: 25 + 2 + 15 + 12, reasoning: 0 });
  const r = RATES.sonnet;
  const usd = ((20 + 50 + 200 + 4) * r.input + 500 * r.cacheRead + 500 * r.cacheWrite5m + 54 * r.output) / M;
  assert.ok(near(card.totals.cost.total_usd, usd));
});

test('old layout: sidechain lines inline form a sub-agent thread; unknown line types are skipped and counted', async () => {
  const { db, summary } = await importFresh('claude-code-inline');
  const calls = callsOf(db, 'claude-code:s3');
  assert.equal(calls.length, 4);
  const side = calls.filter((c) => c.call.hints.threadId === 'sidechain-s1');
  assert.equal(side.length, 2);
  assert.equal(side[1]?.call.request.toolResults[0]?.toolCallId, 'tu2');
  assert.equal(summary.skipped['claude-code:unknown_type:mystery-line'], 1);
  assert.equal(summary.skipped['invalid_json'], 1);
  const { card, structure } = compiled(db, 'claude-code:s3');
  assert.equal(structure.agents.find((a) => a.kind === 'subagent')?.label, 'general-purpose');
  // sonnet: m1 10 in + 2000 write / 60 out (fuller copy), m4 5 in + 2000 read / 8; haiku: m2 300 / 20, m3 40 + 300 read / 10
  const s = RATES.sonnet;
  const h = RATES.haiku;
  const usd = (15 * s.input + 2000 * s.cacheWrite5m + 2000 * s.cacheRead + 68 * s.output + 340 * h.input + 300 * h.cacheRead + 30 * h.output) / M;
  assert.ok(near(card.totals.cost.total_usd, usd), `${card.totals.cost.total_usd} vs ${usd}`);
  assert.equal(card.totals.tokens.output, 98);
});

test('progress mirrors: a sub-agent with its own transcript counts once; one known only from mirrors is kept', async () => {
  const { db } = await importFresh('claude-code-progress');
  const calls = callsOf(db, 'claude-code:s4');
  // n1, nq1 (transcript; its mirror ignored), nr1 (mirror only), n2
  assert.equal(calls.length, 4);
  const q = calls.find((c) => c.call.hints.threadId === 'q')?.call.hints;
  assert.deepEqual(q, { sessionKey: 's4', threadId: 'q', parentThreadId: 's4', parentToolCallId: 'tq', agentLabel: 'reviewer' });
  const r = calls.find((c) => c.call.hints.threadId === 'r')?.call.hints;
  assert.equal(r?.parentToolCallId, 'tr');
  const { card, structure } = compiled(db, 'claude-code:s4');
  assert.equal(structure.agents.filter((a) => a.kind === 'subagent').length, 2);
  assert.deepEqual(card.totals.tokens, { input: 100 + 400 + 250 + 20 + 100, cache_read: 100, cache_write: 0, output: 50 + 30 + 25 + 10, reasoning: 0 });
});
