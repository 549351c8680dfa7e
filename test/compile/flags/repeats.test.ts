import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeFlagContext } from '../../../src/compile/flags/context.js';
import { DETECTORS, detectFlags } from '../../../src/compile/flags/index.js';
import type { Flag } from '../../../src/compile/card/schema.js';
import { SessionBuilder } from './build-session.js';

// Prices of the builder: input $3/M, cache read $0.30/M, cache write $3.75/M, output $15/M.
// A default call (1000 uncached input, 50 output) costs 0.003 + 0.00075 = $0.00375.
const CALL = 0.00375;

export function flagsOf(b: SessionBuilder, kind?: Flag['kind']): Flag[] {
  const built = b.build();
  return detectFlags(makeFlagContext(built.structure, built.costs, built.outputs)).filter((f) => kind === undefined || f.kind === kind);
}

function near(actual: number | null | undefined, expected: number): void {
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) < 1e-9, `${actual} ≈ ${expected}`);
}

test('registry: one detector per flag kind, the analyses that proved wrong on real sessions removed', () => {
  assert.deepEqual(DETECTORS.map(([k]) => k), ['tool_loop', 'error_retry', 'reread_unchanged', 'duplicate_tool_call', 'subagent_overlap', 'oversized_output', 'cache_expiry', 'cache_miss', 'thinking_waste', 'model_overkill']);
});

test('calls are compared by what they do, not by their envelope: working folder, timeout, output cap differ', () => {
  const b = new SessionBuilder();
  b.llm();
  b.tool({ name: 'exec_command', args: { cmd: 'rg -n "TODO" src', workdir: '/repo', yield_time_ms: 1000 }, result: 'src/a.ts:3: TODO' });
  b.llm();
  b.tool({ name: 'exec_command', args: { cmd: 'rg -n "TODO" src', workdir: '/repo/', yield_time_ms: 5000, max_output_tokens: 9000 }, result: 'src/a.ts:3: TODO' });
  b.llm();
  const [f] = flagsOf(b, 'duplicate_tool_call');
  assert.deepEqual(f?.steps, ['s2', 's4']);
  assert.equal(f?.target, 'search', 'the pattern is what it did, whatever tool ran it');
  near(f?.wasted_usd, CALL + (Math.ceil(16 / 4) * 3) / 1e6);
});

test('before: a piped listing and an unrelated read scored as a retry by whole-JSON similarity; after: different actions', () => {
  const b = new SessionBuilder();
  b.llm();
  b.tool({ name: 'Bash', args: { command: 'ls /a | grep x', description: 'List the folder and find x', timeout: 120000 }, result: 'Exit code 1', error: true });
  b.llm();
  b.tool({ name: 'Bash', args: { command: 'defaults read y', description: 'List the folder and find x', timeout: 120000 }, result: 'Exit code 1', error: true });
  b.llm();
  assert.deepEqual(flagsOf(b), []);
});

test('a search that finds nothing did not fail, and an error followed by a corrected call is not waste', () => {
  const b = new SessionBuilder();
  b.llm();
  b.tool({ name: 'Bash', args: { command: 'grep -rn "nomatch" src' }, result: 'Exit code 1', error: true });
  b.llm();
  b.tool({ name: 'Bash', args: { command: 'grep -rn "nomatch" lib' }, result: 'Exit code 1', error: true });
  b.llm();
  b.tool({ name: 'Bash', args: { command: 'npm test' }, result: 'FAIL: 1 failing', error: true });
  b.llm();
  b.tool({ name: 'Bash', args: { command: 'npm test -- --runInBand' }, result: 'ok', error: false });
  b.llm();
  assert.deepEqual(flagsOf(b), []);
});

test('a failed call repeated unchanged that fails the same way is waste; the repeat is the step claimed', () => {
  const b = new SessionBuilder();
  b.llm();
  b.tool({ name: 'shell', args: { command: ['bash', '-lc', 'git push'] }, result: 'fatal: no upstream branch', error: true });
  b.llm();
  b.tool({ name: 'shell', args: { command: ['bash', '-lc', 'git push'], timeout_ms: 30000 }, result: 'fatal: no upstream branch', error: true });
  b.llm();
  const [f] = flagsOf(b, 'error_retry');
  assert.deepEqual(f?.steps, ['s2', 's4']);
  assert.match(f?.cause ?? '', /repeated unchanged/);
  near(f?.wasted_usd, CALL + (Math.ceil(25 / 4) * 3) / 1e6);
});

test('a write followed by its own check, and plan or todo updates, are never duplicates or loops', () => {
  const b = new SessionBuilder();
  for (let i = 0; i < 4; i++) {
    b.llm();
    b.tool({ name: 'TodoWrite', args: { todos: [{ content: 'fix', status: 'in_progress' }] }, result: 'Todos have been modified successfully' });
    b.llm();
    b.tool({ name: 'Write', args: { file_path: 'a.txt', content: `v${i}` }, result: 'File written' });
    b.llm();
    b.tool({ name: 'Bash', args: { command: 'cat a.txt' }, result: `v${i}` });
  }
  b.llm();
  assert.deepEqual(flagsOf(b), []);
});

test('before: a large Write (its arguments cut at 8 KB) was not seen as a write; after: its action was read from the full arguments', () => {
  const big = JSON.stringify({ file_path: 'src/big.ts', content: 'x'.repeat(9000) });
  const b = new SessionBuilder();
  b.llm();
  b.tool({ name: 'Read', args: { file_path: 'src/big.ts' }, result: 'old content' });
  b.llm();
  b.tool({ name: 'Write', fullArgs: big, result: 'File written' });
  b.llm();
  b.tool({ name: 'Read', args: { file_path: 'src/big.ts' }, result: 'old content' });
  b.llm();
  assert.deepEqual(flagsOf(b, 'reread_unchanged'), [], 'the reread follows a write of that file');
});

test('a tool error returned as JSON ({"status":"error"}) is an error', () => {
  const b = new SessionBuilder();
  b.llm();
  b.tool({ name: 'sessions_spawn', args: { task: 'review' }, result: JSON.stringify({ status: 'error', error: 'no target' }) });
  b.llm();
  b.tool({ name: 'sessions_spawn', args: { task: 'review' }, result: JSON.stringify({ status: 'error', error: 'no target' }) });
  b.llm();
  assert.equal(flagsOf(b, 'error_retry').length, 1);
});

test('before: results differing only by volatile parts never matched; after: a Codex-wrapped poll loop is found', () => {
  const b = new SessionBuilder();
  const poll = (chunk: string, wall: string): string => `Chunk ID: ${chunk}\nWall time: ${wall} seconds\nProcess running with session ID 4242\nOriginal token count: 0\nOutput:\n`;
  for (const [c, w] of [['a1b2c3', '1.0037'], ['d4e5f6', '5.0021'], ['0a1b2c', '5.0374']] as const) {
    b.llm();
    b.tool({ name: 'write_stdin', args: { session_id: 4242, chars: '', yield_time_ms: 1000 }, result: poll(c, w) });
  }
  b.llm();
  const [f] = flagsOf(b, 'tool_loop');
  assert.deepEqual(f?.steps, ['s2', 's4', 's6']);
  // the repeats' round trips (s3, s5) and their results carried: s4's by s5 and s7, s6's by s7
  near(f?.wasted_usd, 2 * CALL + 3 * ((Math.ceil(poll('a1b2c3', '1.0037').length / 4) * 3) / 1e6));
});

test('a no-progress cycle longer than 3 calls (start → poll → error → kill, twice) is a loop; one round is not', () => {
  const cycle = (b: SessionBuilder): void => {
    b.llm();
    b.tool({ name: 'Bash', args: { command: 'npm run dev &' }, result: 'started' });
    b.llm();
    b.tool({ name: 'Bash', args: { command: 'curl -s localhost:3000/health' }, result: 'connection refused', error: true });
    b.llm();
    b.tool({ name: 'Bash', args: { command: 'tail -5 dev.log' }, result: 'Error: port in use' });
    b.llm();
    b.tool({ name: 'Bash', args: { command: 'pkill -f "npm run dev"' }, result: '' });
  };
  const once = new SessionBuilder();
  cycle(once);
  once.llm();
  assert.deepEqual(flagsOf(once, 'tool_loop'), []);
  const twice = new SessionBuilder();
  cycle(twice);
  cycle(twice);
  twice.llm();
  const [f] = flagsOf(twice, 'tool_loop');
  assert.equal(f?.steps.length, 8);
  assert.match(f?.cause ?? '', /cycle of 4 calls/);
});

test('one dollar is claimed once: a repeat that is both a loop round and a duplicate counts in the loop only', () => {
  const b = new SessionBuilder();
  for (let i = 0; i < 3; i++) {
    b.llm();
    b.tool({ name: 'Grep', args: { pattern: 'x', path: 'src' }, result: 'src/a.ts:1: x' });
  }
  b.llm();
  const flags = flagsOf(b);
  assert.deepEqual(flags.map((f) => f.kind), ['tool_loop']);
});

test('an unpriced carrying call makes the waste null, never $0', () => {
  const b = new SessionBuilder();
  b.llm();
  b.tool({ name: 'Grep', args: { pattern: 'x' }, result: 'same' });
  b.llm({ unpriced: true });
  b.tool({ name: 'Grep', args: { pattern: 'x' }, result: 'same' });
  b.llm({ unpriced: true });
  const [f] = flagsOf(b, 'duplicate_tool_call');
  assert.equal(f?.wasted_usd, null);
});
