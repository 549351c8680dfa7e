import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeFlagContext } from '../../../src/compile/flags/context.js';
import { detectFlags } from '../../../src/compile/flags/index.js';
import { makePriceTable } from '../../../src/compile/pricing/price-table.js';
import type { Flag } from '../../../src/compile/card/schema.js';
import { SessionBuilder, RATES } from './build-session.js';

const M = 1e6;

function flagsOf(b: SessionBuilder, kind?: Flag['kind'], withTable = false): Flag[] {
  const built = b.build();
  const table = withTable ? makePriceTable([]) : null;
  return detectFlags(makeFlagContext(built.structure, built.costs, built.outputs, table)).filter((f) => kind === undefined || f.kind === kind);
}

function near(actual: number | null | undefined, expected: number): void {
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) < 1e-9, `${actual} ≈ ${expected}`);
}

/** A conversation being cached: a call that wrote 50,000 tokens, then one that read them. */
function cachedStart(b: SessionBuilder, o: { at?: number } = {}): void {
  b.llm({ input: 100, cacheWrite: 50_000, msgs: 3, at: o.at ?? 0 });
  b.llm({ input: 100, cacheRead: 50_100, msgs: 5, at: (o.at ?? 0) + 10_000 });
}

test('cache expiry: a turn after 20 idle minutes rewrote the prefix; the waste is the prefix above the read rate', () => {
  const b = new SessionBuilder();
  cachedStart(b);
  b.llm({ input: 100, cacheWrite: 50_300, msgs: 7, at: 10_000 + 20 * 60_000 });
  const [f] = flagsOf(b);
  assert.equal(f?.kind, 'cache_expiry');
  assert.match(f?.cause ?? '', /expired during 20 idle minutes/);
  // prefix = the previous prompt, 50,200 tokens, paid at the call's blended rate of its uncached and written tokens
  const paid = (100 * RATES.input + 50_300 * RATES.cacheWrite) / 50_400;
  near(f?.wasted_usd, (50_200 * (paid - RATES.cacheRead)) / M);
});

test('cache misses by cause: the system prompt, the tool list, the model, the thinking setting, an aborted turn', () => {
  const cases: [Parameters<SessionBuilder['llm']>[0], RegExp][] = [
    [{ system: 'sys-2' }, /system prompt changed/],
    [{ tools: 'tools-2' }, /tool list changed/],
    [{ model: 'claude-opus-4-5' }, /model changed/],
    [{ thinking: 'high' }, /thinking setting changed \(off → high\)/],
    [{ afterAbortedTurn: true }, /previous turn was aborted/],
  ];
  for (const [change, cause] of cases) {
    const b = new SessionBuilder();
    b.llm({ input: 100, cacheWrite: 50_000, msgs: 3, at: 0, system: 'sys-1', tools: 'tools-1', thinking: 'off' });
    b.llm({ input: 100, cacheRead: 50_100, msgs: 5, at: 10_000, system: 'sys-1', tools: 'tools-1', thinking: 'off' });
    b.llm({ input: 50_300, msgs: 7, at: 40_000, system: 'sys-1', tools: 'tools-1', thinking: 'off', ...change });
    const [f] = flagsOf(b, 'cache_miss');
    assert.match(f?.cause ?? '', cause, JSON.stringify(change));
    near(f?.wasted_usd, (50_200 * (RATES.input - RATES.cacheRead)) / M);
  }
});

test('an unexplained miss is flagged when the call wrote its prefix again (explicit caching), silent when it did not', () => {
  const rewrote = new SessionBuilder();
  cachedStart(rewrote);
  rewrote.llm({ input: 100, cacheWrite: 50_300, msgs: 7, at: 40_000 });
  const [f] = flagsOf(rewrote, 'cache_miss');
  assert.match(f?.cause ?? '', /not reused/);
  const automatic = new SessionBuilder();
  automatic.llm({ provider: 'openai', model: 'gpt-5', input: 50_000, msgs: 3, at: 0 });
  automatic.llm({ provider: 'openai', model: 'gpt-5', input: 100, cacheRead: 50_000, msgs: 5, at: 10_000 });
  automatic.llm({ provider: 'openai', model: 'gpt-5', input: 50_300, msgs: 7, at: 40_000 });
  assert.deepEqual(flagsOf(automatic), [], "automatic caching's unexplained misses may be the provider's");
});

test('a pruned prompt (smaller than the last) and a compacted history are not misses', () => {
  const b = new SessionBuilder();
  cachedStart(b);
  b.llm({ input: 100, cacheWrite: 30_000, msgs: 7, at: 40_000 });
  b.llm({ input: 100, cacheWrite: 30_000, msgs: 2, at: 60_000, history: 'after-compaction' });
  assert.deepEqual(flagsOf(b), []);
});

test('oversized output: a recursive listing through node_modules; a needed input of the same size is not flagged', () => {
  const b = new SessionBuilder();
  b.llm({ input: 20_000 });
  const listing = Array.from({ length: 3000 }, (_, i) => `./node_modules/pkg${i}/index.js`).join('\n');
  b.tool({ name: 'Bash', args: { command: 'find . -name "*.js"' }, result: listing, tokens: 30_000 });
  b.llm({ input: 60_000 });
  b.tool({ name: 'Read', args: { file_path: 'src/big.ts' }, result: 'export const x = 1;\n'.repeat(3000), tokens: 30_000 });
  b.llm({ input: 100_000 });
  b.llm({ input: 100_000 });
  const flags = flagsOf(b, 'oversized_output');
  assert.deepEqual(flags.map((f) => f.steps), [['s2']]);
  assert.match(flags[0]?.cause ?? '', /dependency folders/);
  // carried by s3, s5, s6 at $3/M; all but the first 2,000 tokens
  near(flags[0]?.wasted_usd, 3 * 30_000 * 3e-6 * (1 - 2000 / 30_000));
});

test('a binary file read as text is oversized', () => {
  const b = new SessionBuilder();
  b.llm({ input: 20_000 });
  b.tool({ name: 'Read', args: { file_path: 'book.epub' }, result: 'PK\u0003\u0004\ufffd\ufffd'.repeat(2000), tokens: 12_000 });
  b.llm({ input: 40_000 });
  assert.match(flagsOf(b, 'oversized_output')[0]?.cause ?? '', /binary file/);
});

test('sub-agent overlap: the parent re-reads a file its sub-agent read (same content, not edited after); a read before an edit is not', () => {
  const b = new SessionBuilder();
  b.llm();
  b.tool({ name: 'Task', args: { prompt: 'explore' }, result: 'summary', spawns: 'a1' });
  b.llm({ agent: 'a1' });
  b.tool({ agent: 'a1', name: 'Read', args: { file_path: 'src/a.ts' }, result: 'A content' });
  b.tool({ agent: 'a1', name: 'Read', args: { file_path: 'src/b.ts' }, result: 'B content' });
  b.llm({ agent: 'a1' });
  b.llm();
  b.tool({ name: 'Read', args: { file_path: 'src/a.ts' }, result: 'A content' });
  b.llm();
  b.tool({ name: 'Read', args: { file_path: 'src/b.ts' }, result: 'B content' });
  b.llm();
  b.tool({ name: 'Edit', args: { file_path: 'src/b.ts', old_string: 'B', new_string: 'C' }, result: 'ok' });
  b.llm();
  const flags = flagsOf(b, 'subagent_overlap');
  assert.deepEqual(flags.map((f) => f.steps), [['s2', 's4', 's8']]);
});

test('thinking waste counts tokens: a 33k-token thinking turn that only updated the todo list; a short thought is fine', () => {
  const b = new SessionBuilder();
  b.llm({ output: 34_000, thinkingTokens: 33_000 });
  b.tool({ name: 'TodoWrite', args: { todos: [] }, result: 'ok' });
  b.llm({ output: 3_000, thinkingTokens: 2_500 });
  b.tool({ name: 'TodoWrite', args: { todos: [] }, result: 'ok' });
  b.llm({ output: 20_000, thinkingTokens: 19_000 });
  b.tool({ name: 'Edit', args: { file_path: 'a.ts', old_string: 'x', new_string: 'y' }, result: 'ok' });
  b.llm();
  const flags = flagsOf(b, 'thinking_waste');
  assert.deepEqual(flags.map((f) => f.steps), [['s1']]);
  near(flags[0]?.wasted_usd, ((33_000 - 1000) * RATES.output) / M);
});

test('model overkill: a Sonnet sub-agent that only read and searched, priced on Haiku; main-thread turns never', () => {
  const b = new SessionBuilder();
  b.llm({ model: 'claude-sonnet-4-5', input: 5000 });
  b.tool({ name: 'Task', args: { subagent_type: 'Explore', prompt: 'find the callers' }, result: 'found', spawns: 'a1' });
  b.llm({ agent: 'a1', model: 'claude-sonnet-4-5', input: 20_000, output: 500 });
  for (const p of ['src/a.ts', 'src/b.ts', 'src/c.ts']) b.tool({ agent: 'a1', name: 'Read', args: { file_path: p }, result: `content of ${p}` });
  b.llm({ agent: 'a1', model: 'claude-sonnet-4-5', input: 30_000, output: 800 });
  b.tool({ name: 'Bash', args: { command: 'ls' }, result: 'src' });
  b.llm({ model: 'claude-sonnet-4-5', input: 6000, output: 20 });
  const flags = flagsOf(b, 'model_overkill', true);
  assert.equal(flags.length, 1);
  assert.deepEqual(flags[0]?.steps, ['s2', 's3', 's7']);
  // the builder prices calls at $3 / $15; the counterfactual is genai-prices claude-haiku-4-5 ($1 / $5)
  const own = ((20_000 + 30_000) * RATES.input + (500 + 800) * RATES.output) / M;
  const haiku = ((20_000 + 30_000) * 1 + (500 + 800) * 5) / M;
  near(flags[0]?.wasted_usd, own - haiku);
});

test('no flag claims more than the steps it cites cost (a tool step: its carried cost and the round trip that asked only for it)', () => {
  const b = new SessionBuilder();
  cachedStart(b);
  for (let i = 0; i < 4; i++) {
    b.llm({ input: 100, cacheRead: 50_200 + i * 100, msgs: 7 + 2 * i, at: 20_000 + i * 1000, system: 'sys-1' });
    b.tool({ name: 'Grep', args: { pattern: 'x' }, result: 'a.ts:1' });
  }
  b.llm({ input: 60_000, msgs: 20, at: 40_000, system: 'changed' });
  const built = b.build();
  const steps = new Map(built.structure.steps.map((s) => [s.id, s]));
  const cost = new Map(built.costs.map((c) => [c.stepId, c]));
  const costOf = (id: string): number => {
    const s = steps.get(id);
    const c = cost.get(id);
    if (!s || !c) return 0;
    if (s.kind === 'llm') return c.direct ?? 0;
    const asker = steps.get(s.requestedBy);
    const roundTrip = asker?.kind === 'llm' && asker.toolStepIds.length === 1 ? (cost.get(asker.id)?.direct ?? 0) : 0;
    return (c.carried ?? 0) + (c.subagent ?? 0) + roundTrip;
  };
  const flags = detectFlags(makeFlagContext(built.structure, built.costs, built.outputs));
  assert.deepEqual(flags.map((f) => f.kind).sort(), ['cache_miss', 'tool_loop']);
  for (const f of flags) {
    const cited = f.steps.reduce((n, id) => n + costOf(id), 0);
    assert.ok((f.wasted_usd ?? 0) <= cited + 1e-12, `${f.kind} claims ${f.wasted_usd} of ${cited}`);
  }
});
