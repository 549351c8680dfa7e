import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { compileSession } from '../../../src/compile/compile-session.js';
import { makePriceTable } from '../../../src/compile/pricing/price-table.js';
import { runImport } from '../../../src/import/run-import.js';
import { openDb } from '../../../src/store/db.js';
import { M, RATES, callsOf, compiled, near, sessionIdOf } from '../helpers.js';
import { codexCall, codexMsg, codexOutput, codexRollout, logDir, tokenCount } from './build.js';

const G = RATES.gpt5;

async function importRollout(events: unknown[], version: string, id: string, model?: string): Promise<{ db: ReturnType<typeof openDb>; key: string }> {
  const dir = logDir('codex');
  codexRollout(path.join(dir, `rollout-2025-11-13T03-00-00-${id}.jsonl`), id, events, version, model);
  const db = openDb(':memory:');
  await runImport(db, { paths: [dir], env: {}, homedir: '/nonexistent-home' });
  return { db, key: `codex:${id}` };
}

test('#4 a resumed rollout restarts its running total: every later call is still counted', async () => {
  const { db, key } = await importRollout(
    [
      codexMsg('2025-11-13T03:00:01.000Z', 'one'), tokenCount('2025-11-13T03:00:01.100Z', [10000, 0, 100], [10000, 0, 100]),
      codexMsg('2025-11-13T03:00:02.000Z', 'two'), tokenCount('2025-11-13T03:00:02.100Z', [21000, 9000, 200], [11000, 9000, 100]),
      { timestamp: '2025-11-13T06:00:00.000Z', type: 'turn_context', payload: { cwd: '/tmp/proj', model: 'gpt-5-codex' } },
      codexMsg('2025-11-13T06:00:01.000Z', 'three'), tokenCount('2025-11-13T06:00:01.100Z', [12000, 0, 300], [12000, 0, 300]),
      codexMsg('2025-11-13T06:00:02.000Z', 'four'), tokenCount('2025-11-13T06:00:02.100Z', [25000, 11000, 700], [13000, 11000, 400]),
    ],
    '0.118.0', '019a7ae6-0000-7000-8000-000000000004',
  );
  const calls = callsOf(db, key);
  assert.deepEqual(calls.map((c) => c.call.outputText), ['one', 'two', 'three', 'four']);
  const usd = (10000 * G.input + 100 * G.output + 2000 * G.input + 9000 * G.cacheRead + 100 * G.output + 12000 * G.input + 300 * G.output + 2000 * G.input + 11000 * G.cacheRead + 400 * G.output) / M;
  assert.ok(near(compiled(db, key).card.totals.cost.total_usd, usd));
});

test('#5 token_count before its items (Codex <= 0.58) and after them (0.118+) pair usage with the same responses', async () => {
  const first = [
    tokenCount('2025-10-05T03:00:01.000Z', [7000, 0, 100], [7000, 0, 100]), codexCall('2025-10-05T03:00:01.001Z', 'call_1'), codexOutput('2025-10-05T03:00:01.002Z', 'call_1'),
    tokenCount('2025-10-05T03:00:02.000Z', [14500, 6900, 150], [7500, 6900, 50]), codexMsg('2025-10-05T03:00:02.001Z', 'final answer'),
  ];
  const after = [
    codexCall('2025-10-05T03:00:01.000Z', 'call_1'), tokenCount('2025-10-05T03:00:01.001Z', [7000, 0, 100], [7000, 0, 100]), codexOutput('2025-10-05T03:00:01.002Z', 'call_1'),
    codexMsg('2025-10-05T03:00:02.000Z', 'final answer'), tokenCount('2025-10-05T03:00:02.001Z', [14500, 6900, 150], [7500, 6900, 50]),
  ];
  for (const [events, version, id] of [[first, '0.44.0', '0199b26c-0000-7000-8000-000000000005'], [after, '0.118.0', '0199b26c-0000-7000-8000-000000000006']] as const) {
    const { db, key } = await importRollout([...events], version, id);
    const calls = callsOf(db, key);
    assert.deepEqual(
      calls.map((c) => [c.call.toolCalls.map((t) => t.id).join(), c.call.outputText, c.call.usage?.inputUncached, c.call.usage?.cacheRead, c.call.usage?.output]),
      [['call_1', '', 7000, 0, 100], ['', 'final answer', 600, 6900, 50]],
      `Codex ${version}`,
    );
    assert.deepEqual(calls[1]?.call.request.toolResults.map((r) => r.toolCallId), ['call_1']);
    const { card } = compiled(db, key);
    assert.deepEqual([card.totals.llm_calls, card.totals.cost.unpriced_calls], [2, 0], 'no phantom call');
    assert.ok(near(card.totals.cost.total_usd, (7600 * G.input + 6900 * G.cacheRead + 150 * G.output) / M));
  }
});

test('#15 a rollout with no token_count (Codex Desktop): one call per response, results paired, usage estimated', async () => {
  const { db, key } = await importRollout(
    [
      codexCall('2026-05-11T13:28:46.000Z', 'call_1'), codexOutput('2026-05-11T13:28:46.500Z', 'call_1'),
      codexCall('2026-05-11T13:28:47.000Z', 'call_2', 'cat README.md'), codexOutput('2026-05-11T13:28:47.500Z', 'call_2', 'hello world'),
      codexMsg('2026-05-11T13:28:48.000Z', 'done'),
    ],
    '0.128.0-alpha.1', '019e1695-0000-7000-8000-000000000013',
  );
  const calls = callsOf(db, key);
  assert.deepEqual(calls.map((c) => [c.call.toolCalls.map((t) => t.id).join(), c.call.outputText]), [['call_1', ''], ['call_2', ''], ['', 'done']]);
  assert.ok(calls.every((c) => c.call.usage?.estimated === true && c.call.usage.output > 0), 'estimated, never unknown');
  assert.ok((calls[2]?.call.usage?.inputUncached ?? 0) > (calls[0]?.call.usage?.inputUncached ?? 0), 'a later prompt holds more');
  const { card, structure } = compiled(db, key);
  assert.equal(card.totals.cost.estimated_calls, 3);
  assert.ok(structure.steps.filter((s) => s.kind === 'tool').every((t) => t.kind === 'tool' && t.resultIn !== null));
});

test('#9 long-context tiers exactly where genai-prices starts them (gpt-5.4: 271,999), whatever was priced before', async () => {
  const mk = (prompts: number[]): unknown[] => {
    const ev: unknown[] = [];
    let tot = 0;
    prompts.forEach((p, i) => {
      tot += p;
      ev.push(codexMsg(`2026-04-08T14:00:0${i}.000Z`, `answer ${i}`), tokenCount(`2026-04-08T14:00:0${i}.500Z`, [tot, 0, 1000 * (i + 1)], [p, 0, 1000]));
    });
    return ev;
  };
  const table = makePriceTable([]);
  const a = await importRollout(mk([230000, 300000]), '0.118.0', '019d6d67-0000-7000-8000-00000000000a', 'gpt-5.4');
  const b = await importRollout(mk([300000]), '0.118.0', '019d6d67-0000-7000-8000-00000000000b', 'gpt-5.4');
  // genai-prices gpt-5.4: $2.50 / $15 per million, $5 / $22.50 once the prompt passes 271,999 tokens
  const low = (230000 * 2.5 + 1000 * 15) / M;
  const high = (300000 * 5 + 1000 * 22.5) / M;
  const ca = compileSession(a.db, sessionIdOf(a.db, a.key), table).card;
  const cb = compileSession(b.db, sessionIdOf(b.db, b.key), table).card;
  assert.deepEqual(ca.steps.filter((s) => s.kind === 'llm').map((s) => s.cost), [low, high]);
  assert.ok(near(cb.totals.cost.total_usd, high), 'the same table, another session: its own tier');
  assert.equal(table.lookup({ provider: 'openai', model: 'gpt-5.4', promptTokens: 271999 })?.rates.input, 2.5);
  assert.equal(table.lookup({ provider: 'openai', model: 'gpt-5.4', promptTokens: 272000 })?.rates.input, 5);
});
