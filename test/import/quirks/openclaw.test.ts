import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { compileSession } from '../../../src/compile/compile-session.js';
import { makePriceTable } from '../../../src/compile/pricing/price-table.js';
import { runImport } from '../../../src/import/run-import.js';
import type { ToolStep } from '../../../src/domain/model.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { M, callsOf, near, sessionIdOf } from '../helpers.js';
import { logDir, ocAsst, ocHeader, ocMsg, ocResult, writeJsonl } from './build.js';

const GPT4O = { input: 2.5, output: 10 }; // genai-prices gpt-4o, per million
const REAL = makePriceTable([]);

async function importDir(dir: string): Promise<{ db: Db; summary: Awaited<ReturnType<typeof runImport>> }> {
  const db = openDb(':memory:');
  return { db, summary: await runImport(db, { paths: [dir], env: {}, homedir: '/nonexistent-home' }) };
}

const card = (db: Db, id: string) => compileSession(db, sessionIdOf(db, `openclaw:${id}`), REAL);

test('#7 a turn that ran but logged zero usage is estimated (~), an aborted turn with nothing in it is kept apart', async () => {
  const dir = logDir('oc-zero');
  const id = '33333333-0000-0000-0000-000000000000';
  writeJsonl(path.join(dir, `${id}.jsonl`), [
    ocHeader(id),
    ocMsg('m1', '2026-03-23T10:00:00.000Z', { role: 'user', content: [{ type: 'text', text: `list files ${'please '.repeat(500)}` }] }),
    ocMsg('m2', '2026-03-23T10:00:01.000Z', ocAsst([{ type: 'toolCall', id: 'c1', name: 'exec', arguments: { command: 'ls' } }], 'toolUse', { input: 0, output: 0, cost: { total: 0 } })),
    ocMsg('m3', '2026-03-23T10:00:02.000Z', ocResult('c1', 'exec', 'a\nb')),
    ocMsg('m4', '2026-03-23T10:00:03.000Z', ocAsst([], 'aborted', { input: 0, output: 0 })),
  ]);
  const { db, summary } = await importDir(dir);
  assert.equal(summary.skipped['openclaw:aborted_no_content'], 1);
  const calls = callsOf(db, `openclaw:${id}`);
  assert.equal(calls.length, 1);
  const use = calls[0]?.call.usage;
  assert.equal(use?.estimated, true);
  assert.ok((use?.inputUncached ?? 0) > 500 && (use?.output ?? 0) > 0, `prompt re-counted: ${JSON.stringify(use)}`);
  const c = card(db, id).card;
  assert.equal(c.totals.cost.estimated_calls, 1);
  assert.ok(near(c.totals.cost.total_usd, ((use?.inputUncached ?? 0) * GPT4O.input + (use?.output ?? 0) * GPT4O.output) / M));
  assert.ok((c.totals.cost.total_usd ?? 0) > 0, 'not an exact $0');
});

test('#14 the provider a log names is respected: its own list, else its logged cost (said so), else unpriced', async () => {
  const dir = logDir('oc-providers');
  const id = '66666666-0000-0000-0000-000000000000';
  const turn = (mid: string, ts: string, provider: string, model: string, use: Parameters<typeof ocAsst>[2]) =>
    ocMsg(mid, ts, ocAsst([{ type: 'text', text: 'ok' }], 'stop', use, provider, model));
  writeJsonl(path.join(dir, `${id}.jsonl`), [
    ocHeader(id, '2026-02-11T03:00:00.000Z'),
    ocMsg('u1', '2026-02-11T03:00:00.000Z', { role: 'user', content: [{ type: 'text', text: 'go' }] }),
    // Ollama's cloud model: no list for ollama, and an explicit $0 means "no price configured"
    turn('a1', '2026-02-11T03:00:01.000Z', 'ollama', 'kimi-k2.5:cloud', { input: 100000, output: 1000, cost: { total: 0 } }),
    // Z.AI's glm-5 is not on Z.AI's list: the agent's own figure, said so
    turn('a2', '2026-02-11T03:00:02.000Z', 'zai', 'glm-5', { input: 100000, output: 1000, cacheRead: 100000, cost: { input: 0.1, output: 0.0032, cacheRead: 0.02, cacheWrite: 0, total: 0.1232 } }),
    // Z.AI's GLM-5.2 is: Z.AI's rates ($1.40 / $4.40 / cache read $0.26), not another company's
    turn('a3', '2026-02-11T03:00:03.000Z', 'zai', 'GLM-5.2', { input: 10000, output: 1000, cacheRead: 20000 }),
  ]);
  const { db } = await importDir(dir);
  const c = card(db, id);
  const llm = c.card.steps.filter((s) => s.kind === 'llm');
  assert.deepEqual(llm.map((s) => s.cost), [null, 0.1232, (10000 * 1.4 + 1000 * 4.4 + 20000 * 0.26) / M]);
  const sources = c.costs.filter((x) => x.call).map((x) => x.call?.source?.origin ?? null);
  assert.deepEqual(sources, [null, 'agent-log', 'genai-prices']);
  assert.equal(c.costs.filter((x) => x.call)[2]?.call?.source?.provider, 'zai');
  assert.equal(c.card.totals.cost.unpriced_calls, 1);
});

test('#10 a child is linked to the spawn that started it (the log names it), never to an earlier spawn that failed', async () => {
  const dir = logDir('oc-spawn');
  const P = '44444444-0000-0000-0000-000000000000';
  const CH = '55555555-0000-0000-0000-000000000000';
  const spawn = (cid: string, task: string, inp: number) => ocAsst([{ type: 'toolCall', id: cid, name: 'sessions_spawn', arguments: { task } }], 'toolUse', { input: inp, output: 20 });
  writeJsonl(path.join(dir, `${P}.jsonl`), [
    ocHeader(P),
    ocMsg('m1', '2026-03-24T13:00:00.000Z', { role: 'user', content: [{ type: 'text', text: 'please review the design' }] }),
    ocMsg('m2', '2026-03-24T13:00:01.000Z', spawn('spawnFAILED', 'Review the design and list its weak spots in detail', 1000)),
    ocMsg('m3', '2026-03-24T13:00:01.100Z', ocResult('spawnFAILED', 'sessions_spawn', JSON.stringify({ status: 'error', error: 'spawn failed: no target configured' }))),
    ocMsg('m4', '2026-03-24T13:00:02.000Z', spawn('spawnOK', 'onboard', 1100)),
    ocMsg('m5', '2026-03-24T13:00:02.100Z', ocResult('spawnOK', 'sessions_spawn', JSON.stringify({ status: 'accepted', childSessionKey: 'agent:main:subagent:kid' }), false, { status: 'accepted', childSessionKey: 'agent:main:subagent:kid' })),
    ocMsg('m6', '2026-03-24T13:00:03.000Z', ocAsst([{ type: 'text', text: 'spawned; waiting' }], 'stop', { input: 1200, output: 20 })),
  ]);
  writeJsonl(path.join(dir, `${CH}.jsonl`), [
    ocHeader(CH, '2026-03-24T13:00:05.000Z'),
    ocMsg('c1', '2026-03-24T13:00:05.000Z', { role: 'user', content: [{ type: 'text', text: '[Subagent Context] You are a sub-agent. Task: onboard' }] }),
    ocMsg('c2', '2026-03-24T13:00:06.000Z', ocAsst([{ type: 'text', text: 'onboarding done' }], 'stop', { input: 50000, output: 20 })),
  ]);
  fs.writeFileSync(path.join(dir, 'sessions.json'), JSON.stringify({ 'agent:main:main': { sessionId: P }, 'agent:main:subagent:kid': { sessionId: CH, spawnedBy: 'agent:main:main' } }));
  const { db } = await importDir(dir);
  const { structure, costs } = card(db, P);
  const child = structure.agents.find((a) => a.kind === 'subagent');
  const step = (callId: string) => structure.steps.find((s): s is ToolStep => s.kind === 'tool' && s.toolCallId === callId);
  assert.equal(child?.spawnedByStepId, step('spawnOK')?.id);
  assert.equal(step('spawnFAILED')?.isError, true, 'a JSON error result is an error');
  assert.ok(near(costs.find((c) => c.stepId === step('spawnOK')?.id)?.subagent ?? null, (50000 * GPT4O.input + 20 * GPT4O.output) / M));
});

test('#11 a skipped turn (an unbilled error, a delivery mirror) between a result and the next call loses no result', async () => {
  const dir = logDir('oc-skipped');
  const id = '77777777-0000-0000-0000-000000000001';
  writeJsonl(path.join(dir, `${id}.jsonl`), [
    ocHeader(id),
    ocMsg('m1', '2026-03-24T13:00:00.000Z', { role: 'user', content: [{ type: 'text', text: 'look' }] }),
    ocMsg('m2', '2026-03-24T13:00:01.000Z', ocAsst([{ type: 'toolCall', id: 'x1', name: 'exec', arguments: { command: 'ls' } }], 'toolUse', { input: 3000, output: 20 })),
    ocMsg('m3', '2026-03-24T13:00:02.000Z', ocResult('x1', 'exec', 'file-a\nfile-b')),
    ocMsg('m4', '2026-03-24T13:00:03.000Z', ocAsst([], 'error', { input: 0, output: 0 }, 'zai', 'glm-4.7')),
    ocMsg('m5', '2026-03-24T13:00:03.500Z', ocAsst([{ type: 'text', text: 'sent to the channel' }], 'stop', { input: 0, output: 0 }, 'openclaw', 'delivery-mirror')),
    ocMsg('m6', '2026-03-24T13:00:04.000Z', ocAsst([{ type: 'text', text: 'two files' }], 'stop', { input: 3100, output: 20 })),
  ]);
  const { db, summary } = await importDir(dir);
  assert.deepEqual([summary.skipped['openclaw:unbilled_error_turn'], summary.skipped['openclaw:synthetic_mirror']], [1, 1]);
  const calls = callsOf(db, `openclaw:${id}`);
  assert.deepEqual(calls[1]?.call.request.toolResults.map((r) => r.toolCallId), ['x1']);
  const tool = card(db, id).structure.steps.find((s) => s.kind === 'tool');
  assert.ok(tool?.kind === 'tool' && tool.resultIn !== null && tool.latencyMs !== null);
});

test('#15 (carried) a result larger than a later prompt was not re-sent: carried never exceeds what the calls paid', async () => {
  const dir = logDir('oc-carried');
  const id = '77777777-0000-0000-0000-000000000000';
  const rows: unknown[] = [
    ocHeader(id),
    ocMsg('m1', '2026-03-24T13:00:00.000Z', { role: 'user', content: [{ type: 'text', text: 'dump the log' }] }),
    ocMsg('m2', '2026-03-24T13:00:01.000Z', ocAsst([{ type: 'toolCall', id: 'x1', name: 'exec', arguments: { command: 'cat big.log' } }], 'toolUse', { input: 3000, output: 20 })),
    ocMsg('m3', '2026-03-24T13:00:02.000Z', ocResult('x1', 'exec', 'log line 0123456789 '.repeat(10000))),
  ];
  for (let i = 0; i < 5; i++) {
    rows.push(ocMsg(`a${i}`, `2026-03-24T13:00:1${i}.000Z`, ocAsst([{ type: 'text', text: `step ${i}` }], 'stop', { input: 3000, output: 20 })));
    rows.push(ocMsg(`u${i}`, `2026-03-24T13:00:1${i}.500Z`, { role: 'user', content: [{ type: 'text', text: 'next' }] }));
  }
  writeJsonl(path.join(dir, `${id}.jsonl`), rows);
  const { db } = await importDir(dir);
  const c = card(db, id).card;
  assert.ok(c.totals.cost.carried_usd <= (c.totals.cost.total_usd ?? 0), `${c.totals.cost.carried_usd} <= ${c.totals.cost.total_usd}`);
  assert.equal(c.steps.find((s) => s.kind === 'tool')?.carried, 0, 'a 3,000-token prompt cannot hold a ~70,000-token result');
});
