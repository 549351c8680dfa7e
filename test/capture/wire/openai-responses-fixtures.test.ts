import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStoredExchange } from '../../../src/capture/wire/index.js';
import { canonicalJson, shortHash } from '../../../src/util/hash.js';
import { countTokens } from '../../../src/util/tokens.js';
import { loadExchange, parseFixture } from './load-fixture.js';
import { bareCalls, bareResults } from './bare.js';

const DIR = 'openai-responses';
const PATCH = '*** Begin Patch\n*** Update File: calc.js\n-a - b\n+a + b\n*** End Patch';

test('fixture: Responses stream with a function call and a custom tool call, usage from response.completed', () => {
  const c = parseFixture(`${DIR}/stream-parallel-calls-reasoning.json`);
  // input_tokens 8200 includes 7936 cached: 264 uncached; reasoning 320 is inside output 420
  assert.deepEqual(c.usage, { inputUncached: 264, cacheRead: 7936, cacheWrite5m: 0, cacheWrite1h: 0, output: 420, reasoning: 320, estimated: false });
  assert.deepEqual(bareCalls(c.toolCalls), [
    { id: 'call_r2', name: 'shell', args: '{"command":["node","test.js"]}' },
    { id: 'call_r3', name: 'apply_patch', args: PATCH },
  ]);
  assert.deepEqual([c.api, c.model, c.stream, c.stopReason, c.complete, c.outputText], ['openai-responses', 'gpt-5-codex', true, 'completed', true, '']);
  assert.deepEqual(c.hints, { sessionKey: 'sess-codex-1', threadId: 'thread-sub-2', parentThreadId: 'thread-main-1', agentLabel: 'review' });
  const r = c.request;
  assert.equal(r.messageCount, 3, 'user message, one assistant turn (reasoning + call), one tool output');
  assert.equal(r.systemHash, shortHash(canonicalJson('You are Codex, a coding agent.')));
  assert.deepEqual(r.lastAssistant, { textHash: null, toolCallIds: ['call_r1'] });
  const output = 'module.exports = (a, b) => a - b;';
  assert.deepEqual(bareResults(r.toolResults), [{ toolCallId: 'call_r1', name: 'shell', chars: 33, tokens: countTokens(output), isError: false, contentHash: shortHash(output), preview: output, messageIndex: 2 }]);
  assert.deepEqual(r.toolsDeclared, ['shell', 'apply_patch']);
  assert.equal(r.firstUserText, 'Fix the failing test.');
});

test('fixture: a response.completed with an empty output list (Codex backend) falls back to the streamed items', () => {
  const x = loadExchange(`${DIR}/stream-parallel-calls-reasoning.json`);
  const text = x.responseBody.toString('utf8');
  const emptied = text.replace(/("type":"response\.completed".*?"output":)\[.*?\](,"usage")/, '$1[]$2');
  assert.notEqual(emptied, text, 'the fixture was rewritten');
  const c = parseStoredExchange({ ...x, responseBody: Buffer.from(emptied) });
  assert.deepEqual(c.toolCalls.map((t) => [t.id, t.args]), [['call_r2', '{"command":["node","test.js"]}'], ['call_r3', PATCH]]);
  assert.equal(c.usage?.output, 420);
});

test('fixture: non-stream Responses reply', () => {
  const c = parseFixture(`${DIR}/nonstream-text.json`);
  assert.deepEqual(c.usage, { inputUncached: 1500, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 64, reasoning: 48, estimated: false });
  assert.deepEqual([c.model, c.modelRequested, c.outputText, c.stream], ['gpt-5-mini-2025-08-07', 'gpt-5-mini', 'Fixed calc.js.', false]);
  assert.deepEqual([c.request.messageCount, c.request.firstUserText], [1, 'What did you change?']);
  assert.equal(c.request.systemHash, shortHash(canonicalJson('Answer in one line.')));
});

test('fixture: a Responses stream reset before response.completed', () => {
  const c = parseFixture(`${DIR}/stream-cut.json`);
  assert.equal(c.complete, false);
  assert.equal(c.outputText, 'The failing test ');
  assert.equal(c.usage?.estimated, true);
  assert.equal(c.usage?.output, countTokens('The failing test '));
  assert.equal(c.model, 'gpt-5-codex', 'from response.created');
});

test('fixture: Responses 429', () => {
  const c = parseFixture(`${DIR}/error-429.json`);
  assert.deepEqual(c.error, { status: 429, type: 'insufficient_quota', message: 'You exceeded your current quota, please check your plan and billing details.' });
  assert.equal(c.usage, null);
});
