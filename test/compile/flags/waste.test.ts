import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeFlagContext } from '../../../src/compile/flags/context.js';
import { DETECTORS, detectFlags } from '../../../src/compile/flags/index.js';
import type { Flag } from '../../../src/compile/card/schema.js';
import { SessionBuilder } from './build-session.js';

// Prices of the builder: input $3/M, cache read $0.30/M, cache write $3.75/M, output $15/M.
// A default call (1000 uncached input, 50 output) costs 0.003 + 0.00075 = $0.00375.

function flagsOf(b: SessionBuilder, kind: Flag['kind']): Flag[] {
  const built = b.build();
  return detectFlags(makeFlagContext(built.structure, built.costs, built.outputs)).filter((f) => f.kind === kind);
}

function near(actual: number | null, expected: number): void {
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${actual} ≈ ${expected}`);
}

test('registry: nine detectors, one per flag kind', () => {
  assert.deepEqual(DETECTORS.map(([k]) => k).sort(), ['cache_miss', 'context_bloat', 'duplicate_tool_call', 'error_retry', 'exploration_burn', 'reread_unchanged', 'thinking_heavy', 'tool_loop', 'unused_subagent']);
});

test('duplicate_tool_call wastes the repeat carried plus its round trip when it was all the turn asked for', () => {
  const b = new SessionBuilder();
  b.llm();
  b.tool({ name: 'Grep', args: { pattern: 'TODO' }, result: 'src/a.ts:3: TODO!!' }); // 18 chars → 5 tokens
  b.llm();
  b.tool({ name: 'Grep', args: { pattern: 'TODO' }, result: 'src/a.ts:3: TODO!!' });
  b.llm();
  const [f] = flagsOf(b, 'duplicate_tool_call');
  assert.deepEqual(f?.steps, ['s2', 's4']);
  // carried: 5 tokens × $3/M in s5 = 0.000015; round trip: s3 = 0.00375
  near(f?.wasted_usd ?? null, 0.000015 + 0.00375);
});

test('duplicate_tool_call asked alongside another call wastes only its carried cost', () => {
  const b = new SessionBuilder();
  b.llm();
  b.tool({ name: 'Grep', args: { pattern: 'TODO' }, result: 'src/a.ts:3: TODO!!' });
  b.llm();
  b.tool({ name: 'Grep', args: { pattern: 'TODO' }, result: 'src/a.ts:3: TODO!!' });
  b.tool({ name: 'Glob', args: { pattern: '*.md' }, result: 'README.md' });
  b.llm();
  b.llm();
  const [f] = flagsOf(b, 'duplicate_tool_call');
  // carried through s6 and s7: 2 × 5 tokens × $3/M
  near(f?.wasted_usd ?? null, 2 * 5 * 3e-6);
});

test('an unpriced carrying call makes the waste null, never $0', () => {
  const b = new SessionBuilder();
  b.llm();
  b.tool({ name: 'Grep', args: { pattern: 'x' }, result: 'same' });
  b.llm();
  b.tool({ name: 'Grep', args: { pattern: 'x' }, result: 'same' });
  b.llm({ unpriced: true });
  const [f] = flagsOf(b, 'duplicate_tool_call');
  assert.equal(f?.wasted_usd, null);
});

test('tool_loop wastes the round trips of the repeats', () => {
  const b = new SessionBuilder();
  for (let i = 0; i < 4; i++) {
    b.llm();
    b.tool({ name: 'Bash', args: { command: 'curl -s localhost:8080/health' }, result: 'connection refused' });
  }
  b.llm();
  const flags = flagsOf(b, 'tool_loop');
  assert.equal(flags.length, 1);
  assert.deepEqual(flags[0]?.steps, ['s2', 's4', 's6', 's8']);
  near(flags[0]?.wasted_usd ?? null, 3 * 0.00375); // s3, s5, s7 asked only for repeats
});

test('error_retry wastes the failed result carried until the end', () => {
  const b = new SessionBuilder();
  b.llm();
  b.tool({ name: 'Read', args: { file_path: 'src/utils.ts' }, result: 'File does not exist.', error: true }); // 20 chars → 5 tokens
  b.llm();
  b.tool({ name: 'Read', args: { file_path: 'src/util.ts' }, result: 'export {}' });
  b.llm();
  const [f] = flagsOf(b, 'error_retry');
  assert.deepEqual(f?.steps, ['s2', 's4']);
  near(f?.wasted_usd ?? null, 2 * 5 * 3e-6); // carried by s3 and s5
});

test('cache_miss: prefix × (rate paid − cache-read rate), the read rate seen earlier in the thread', () => {
  const b = new SessionBuilder();
  b.llm({ provider: 'openai', input: 5000 });
  b.tool({ name: 'shell', args: { command: 'ls' }, result: 'a' });
  b.llm({ provider: 'openai', input: 1000, cacheRead: 5000 });
  b.tool({ name: 'shell', args: { command: 'pwd' }, result: '/w' });
  b.llm({ provider: 'openai', input: 7000 });
  const [f] = flagsOf(b, 'cache_miss');
  assert.deepEqual(f?.steps, ['s3', 's5']);
  // prefix = all 6000 input tokens of s3; $3/M paid − $0.30/M read
  near(f?.wasted_usd ?? null, 6000 * (3e-6 - 0.3e-6));
});

test('cache_miss without an observed read rate assumes half the paid rate (never overstates)', () => {
  const b = new SessionBuilder();
  b.llm({ input: 100, cacheWrite: 8000 });
  b.tool({ name: 'Bash', args: { command: 'ls' }, result: 'a' });
  b.llm({ input: 9000 });
  const [f] = flagsOf(b, 'cache_miss');
  near(f?.wasted_usd ?? null, 8100 * (3e-6 - 1.5e-6));
});

test('cache_miss when the agent rebuilt its system prompt mid-conversation (same history): flagged and said; a compacted history is not', () => {
  const run = (third: { head: string; history: string }) => {
    const b = new SessionBuilder();
    b.llm({ head: 'h1', history: 'task', input: 100, cacheWrite: 8000 });
    b.tool({ name: 'exec', args: { command: 'ls' }, result: 'a' });
    b.llm({ head: 'h1', history: 'task', input: 100, cacheRead: 8100 });
    b.tool({ name: 'exec', args: { command: 'pwd' }, result: '/w' });
    b.llm({ ...third, input: 200, cacheWrite: 8100 });
    return flagsOf(b, 'cache_miss');
  };
  const [f] = run({ head: 'h2', history: 'task' });
  assert.deepEqual(f?.steps, ['s3', 's5']);
  assert.match(f?.evidence ?? '', /read nothing from cache \(its system prompt or first message changed\)/);
  // prefix 8200 tokens of s3 paid at the blended rate of s5 (200 input + 8100 cache write) minus the observed read rate
  near(f?.wasted_usd ?? null, 8200 * ((200 * 3 + 8100 * 3.75) / 8300 - 0.3) / 1e6);
  assert.deepEqual(run({ head: 'h2', history: 'summary' }), [], 'a new history is a new conversation');
});

test('context_bloat: carried cost minus what the first call paid for the result', () => {
  const b = new SessionBuilder();
  b.llm();
  b.tool({ name: 'Bash', args: { command: 'npm ls --all' }, result: 'tree', tokens: 6000 });
  for (let i = 0; i < 5; i++) b.llm({ input: 7000 + i * 100 });
  const [f] = flagsOf(b, 'context_bloat');
  // 5 carriers × 6000 tokens × $3/M = 0.09; the first call's 0.018 is not waste
  near(f?.wasted_usd ?? null, 0.09 - 0.018);
});

test('thinking_heavy: reasoning beyond 4× the visible output, at the output rate', () => {
  const b = new SessionBuilder();
  b.llm({ output: 3000, reasoning: 2900, out: 'Use option B.' });
  const [f] = flagsOf(b, 'thinking_heavy');
  near(f?.wasted_usd ?? null, (2900 - 4 * 100) * 15e-6);
});

test('unused_subagent: the whole sub-agent cost', () => {
  const b = new SessionBuilder();
  b.llm();
  b.tool({ name: 'Task', args: { prompt: 'why is the scheduler test flaky' }, result: 'a race', spawns: 'a1' });
  b.llm({ agent: 'a1' });
  b.llm({ agent: 'a1', out: 'The flaky scheduler test comes from a race between timeout handling and jitter.' });
  b.llm({ out: 'Now updating the README badges.' });
  const [f] = flagsOf(b, 'unused_subagent');
  assert.deepEqual(f?.steps, ['s2']);
  near(f?.wasted_usd ?? null, 2 * 0.00375);
});

test('exploration_burn: the cost before the first write above the 60% share', () => {
  const b = new SessionBuilder();
  for (const name of ['Read', 'Grep']) {
    b.llm({ input: 20000 });
    b.tool({ name, args: { file_path: 'a.ts', pattern: 'x' }, result: 'A' });
  }
  b.llm({ input: 20000 });
  b.tool({ name: 'Edit', args: { file_path: 'a.ts', old_string: 'x', new_string: 'y' } });
  b.llm({ input: 2000 });
  const flags = flagsOf(b, 'exploration_burn');
  assert.equal(flags.length, 1);
  const before = 3 * (0.06 + 0.00075);
  const total = before + 0.006 + 0.00075;
  near(flags[0]?.wasted_usd ?? null, before - 0.6 * total);
});

test('a step flagged as waste by a loop is not flagged again as a duplicate or reread', () => {
  const b = new SessionBuilder();
  b.llm();
  for (let i = 0; i < 3; i++) b.tool({ name: 'Read', args: { file_path: 'x.md' }, result: 'same' });
  b.llm();
  const built = b.build();
  const kinds = detectFlags(makeFlagContext(built.structure, built.costs, built.outputs)).map((f) => f.kind);
  assert.deepEqual(kinds, ['tool_loop']);
});
