import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, shortHash } from '../../../src/util/hash.js';
import { countTokens } from '../../../src/util/tokens.js';
import { parseFixture } from './load-fixture.js';
import { bareCalls, bareResults } from './bare.js';

const DIR = 'anthropic-messages';

test('fixture: stream with thinking, text, two tool_use blocks, 5m/1h cache split, cumulative usage, junk lines', () => {
  const c = parseFixture(`${DIR}/stream-parallel-tools-cache-split.json`);
  // message_start: input 14, cache read 10500, writes 300 (5m) + 2000 (1h); the last message_delta says 143 output
  // (not 2 + 96 + 143) and its null input_tokens keeps 14
  assert.deepEqual(c.usage, { inputUncached: 14, cacheRead: 10500, cacheWrite5m: 300, cacheWrite1h: 2000, output: 143, reasoning: 0, estimated: false });
  assert.equal((c.rawUsage as { output_tokens: number }).output_tokens, 143);
  assert.equal((c.rawUsage as { input_tokens: number }).input_tokens, 14);
  assert.equal(c.outputText, 'Found it: calc.js subtracts.', 'thinking is not visible text');
  assert.deepEqual(bareCalls(c.toolCalls), [
    { id: 'toolu_01C', name: 'Read', args: '{"file_path": "calc.js"}' },
    { id: 'toolu_01D', name: 'Bash', args: '{"command": "node test.js"}' },
  ]);
  assert.deepEqual([c.api, c.provider, c.model, c.modelRequested, c.stream, c.stopReason, c.complete, c.error], ['anthropic-messages', 'anthropic', 'claude-sonnet-4-6', 'claude-sonnet-4-6', true, 'tool_use', true, null]);
  assert.deepEqual(c.hints, { sessionKey: 'sess-fixture-1' });
});

test('fixture: the request summary of a Claude Code-like turn', () => {
  const r = parseFixture(`${DIR}/stream-parallel-tools-cache-split.json`).request;
  const system = [{ type: 'text', text: 'You are a coding agent working in a small repository.' }]; // cache_control left out
  assert.equal(r.messageCount, 3);
  assert.equal(r.systemHash, shortHash(canonicalJson(system)));
  assert.equal(r.headHash, shortHash(canonicalJson([system, { role: 'user', content: 'The test fails. Fix calc.js.' }])));
  assert.deepEqual(r.lastAssistant, { textHash: shortHash('Let me look at the files.'), toolCallIds: ['toolu_01A', 'toolu_01B'] });
  assert.deepEqual(bareResults(r.toolResults), [
    { toolCallId: 'toolu_01A', name: 'Bash', chars: 15, tokens: countTokens('calc.js\ntest.js'), isError: false, contentHash: shortHash('calc.js\ntest.js'), preview: 'calc.js\ntest.js', messageIndex: 2 },
    { toolCallId: 'toolu_01B', name: 'Read', chars: 20, tokens: countTokens('File does not exist.'), isError: true, contentHash: shortHash('File does not exist.'), preview: 'File does not exist.', messageIndex: 2 },
  ]);
  assert.deepEqual(r.toolsDeclared, ['Bash', 'Read']);
  assert.equal(r.firstUserText, 'The test fails. Fix calc.js.');
  assert.equal(r.lastUserText, 'The test fails. Fix calc.js.', 'the last user message holds only tool results');
  // system + message texts + tool inputs + results + tool definitions, without the JSON envelope
  const texts = ['You are a coding agent working in a small repository.', 'The test fails. Fix calc.js.', 'Let me look at the files.', 'calc.js\ntest.js', 'File does not exist.'];
  assert.ok(r.inputChars > texts.join('').length + 300, `inputChars ${r.inputChars} counts tool definitions too`);
  assert.ok(r.inputChars < 1500, `inputChars ${r.inputChars} is text, not the whole JSON body`);
});

test('fixture: non-stream reply; cache writes without the 5m/1h split are all 5-minute writes', () => {
  const c = parseFixture(`${DIR}/nonstream-text-cache-unsplit.json`);
  assert.deepEqual(c.usage, { inputUncached: 25, cacheRead: 0, cacheWrite5m: 1200, cacheWrite1h: 0, output: 9, reasoning: 0, estimated: false });
  assert.deepEqual([c.model, c.modelRequested, c.stream, c.outputText, c.stopReason], ['claude-haiku-4-5-20251001', 'claude-haiku-4-5', false, 'Fix calc test', 'end_turn']);
  assert.equal(c.request.systemHash, shortHash(canonicalJson('Summarize the conversation in three words.')));
  assert.equal(c.request.lastAssistant, null);
});

test('fixture: a stream cut after message_start keeps the reported input and estimates the output', () => {
  const c = parseFixture(`${DIR}/stream-cut-after-start.json`);
  const text = 'I will now rewrite the whole file so that'; // the last delta was cut inside its JSON: skipped
  assert.equal(c.outputText, text);
  assert.deepEqual(c.usage, { inputUncached: 40, cacheRead: 12800, cacheWrite5m: 0, cacheWrite1h: 0, output: countTokens(text), reasoning: 0, estimated: true });
  assert.equal(c.complete, false);
  assert.equal(c.error, null);
});

test('fixture: an error event inside a 200 stream', () => {
  const c = parseFixture(`${DIR}/stream-overloaded-error-event.json`);
  assert.deepEqual(c.error, { status: 200, type: 'overloaded_error', message: 'Overloaded' });
  assert.equal(c.complete, false, 'no message_stop');
  assert.equal(c.usage?.inputUncached, 9);
});

test('fixture: a 429 gives the provider error and no usage', () => {
  const c = parseFixture(`${DIR}/error-429.json`);
  assert.deepEqual(c.error, { status: 429, type: 'rate_limit_error', message: 'This request would exceed the rate limit for your organization of 50,000 input tokens per minute.' });
  assert.equal(c.usage, null);
  assert.equal(c.request.messageCount, 3, 'the request is still summarized');
});

test('fixture: count_tokens is auxiliary, with no usage', () => {
  const c = parseFixture(`${DIR}/count-tokens.json`);
  assert.equal(c.usage, null);
  assert.deepEqual(c.hints, { sessionKey: 'sess-fixture-1', auxiliary: 'token_count' });
  assert.equal(c.error, null);
});
