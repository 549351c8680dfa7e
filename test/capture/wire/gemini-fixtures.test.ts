import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, shortHash } from '../../../src/util/hash.js';
import { countTokens } from '../../../src/util/tokens.js';
import { parseFixture } from './load-fixture.js';
import { bareCalls } from './bare.js';

const DIR = 'gemini';

test('fixture: alt=sse stream: last usage wins, thoughts are output outside candidatesTokenCount, cached split out', () => {
  const c = parseFixture(`${DIR}/stream-sse-tools-thoughts-cached.json`);
  // prompt 12500 includes 8192 cached: 4308 uncached; output = candidates 85 + thoughts 310
  assert.deepEqual(c.usage, { inputUncached: 4308, cacheRead: 8192, cacheWrite5m: 0, cacheWrite1h: 0, output: 395, reasoning: 310, estimated: false });
  assert.equal((c.rawUsage as { totalTokenCount: number }).totalTokenCount, 12895);
  assert.equal(c.outputText, 'The test expects addition. ', 'thought parts are not visible text');
  assert.deepEqual(bareCalls(c.toolCalls), [
    { id: 'read_file#0', name: 'read_file', args: '{"path":"calc.js"}' },
    { id: 'read_file#1', name: 'read_file', args: '{"path":"test.js"}' },
  ]);
  assert.deepEqual([c.api, c.provider, c.modelRequested, c.model, c.stream, c.stopReason, c.complete], ['gemini-generate', 'google', 'gemini-2.5-pro', 'gemini-2.5-pro', true, 'STOP', true]);
  const r = c.request;
  assert.equal(r.systemHash, shortHash(canonicalJson({ role: 'user', parts: [{ text: 'You are Gemini CLI, an interactive agent.' }] })));
  assert.deepEqual(r.lastAssistant, { textHash: null, toolCallIds: ['run_shell_command#0', 'run_shell_command#1'] });
  assert.deepEqual(
    r.toolResults.map((t) => [t.toolCallId, t.name, t.isError, t.chars, t.messageIndex]),
    [['run_shell_command#0', 'run_shell_command', false, '{"output":"1 failing"}'.length, 2], ['run_shell_command#1', 'run_shell_command', true, '{"error":"not a git repository"}'.length, 2]],
  );
  assert.deepEqual(r.toolsDeclared, ['read_file', 'run_shell_command']);
});

test('fixture: JSON-array stream with a >200k prompt', () => {
  const c = parseFixture(`${DIR}/stream-array-long-prompt.json`);
  assert.deepEqual(c.usage, { inputUncached: 245000, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 120, reasoning: 0, estimated: false });
  assert.deepEqual([c.outputText, c.stream, c.complete], ['The repository is large.', true, true]);
});

test('fixture: non-stream generateContent', () => {
  const c = parseFixture(`${DIR}/nonstream-text.json`);
  assert.deepEqual(c.usage, { inputUncached: 320, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 9, reasoning: 0, estimated: false });
  assert.deepEqual([c.model, c.stream, c.outputText], ['gemini-2.5-flash', false, 'Use + instead of -.']);
});

test('fixture: a JSON-array stream cut inside an element keeps the whole elements; output estimated', () => {
  const c = parseFixture(`${DIR}/stream-array-cut.json`);
  assert.equal(c.outputText, 'Reading ');
  assert.deepEqual(c.usage, { inputUncached: 900, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: countTokens('Reading '), reasoning: 0, estimated: true });
  assert.equal(c.complete, false);
});

test('fixture: Gemini 429', () => {
  const c = parseFixture(`${DIR}/error-429.json`);
  assert.deepEqual(c.error, { status: 429, type: 'RESOURCE_EXHAUSTED', message: 'Resource has been exhausted (e.g. check quota).' });
  assert.equal(c.usage, null);
});

test('fixture: Code Assist (/v1internal) request and chunks are unwrapped', () => {
  const c = parseFixture(`${DIR}/code-assist-stream.json`);
  assert.deepEqual(c.usage, { inputUncached: 1000, cacheRead: 3000, cacheWrite5m: 0, cacheWrite1h: 0, output: 42, reasoning: 40, estimated: false });
  assert.deepEqual([c.api, c.modelRequested, c.outputText, c.request.messageCount], ['gemini-generate', 'gemini-2.5-pro', 'Done.', 3]);
});
