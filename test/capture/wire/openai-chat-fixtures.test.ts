import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, shortHash } from '../../../src/util/hash.js';
import { countTokens } from '../../../src/util/tokens.js';
import { parseFixture } from './load-fixture.js';
import { bareCalls } from './bare.js';

const DIR = 'openai-chat';

test('fixture: chat stream with include_usage, two tool calls assembled by index', () => {
  const c = parseFixture(`${DIR}/stream-parallel-tools-usage.json`);
  // prompt_tokens 5210 includes 4864 cached: 346 uncached; reasoning 256 is inside completion 310
  assert.deepEqual(c.usage, { inputUncached: 346, cacheRead: 4864, cacheWrite5m: 0, cacheWrite1h: 0, output: 310, reasoning: 256, estimated: false });
  assert.equal((c.rawUsage as { prompt_tokens: number }).prompt_tokens, 5210);
  assert.deepEqual(bareCalls(c.toolCalls), [
    { id: 'call_b1', name: 'bash', args: '{"command":"cat calc.js"}' },
    { id: 'call_b2', name: 'bash', args: '{"command":"node test.js"}' },
  ]);
  assert.deepEqual([c.api, c.model, c.modelRequested, c.stream, c.stopReason, c.complete, c.outputText], ['openai-chat', 'gpt-4.1-2025-04-14', 'gpt-4.1', true, 'tool_calls', true, '']);
  const r = c.request;
  assert.equal(r.messageCount, 5);
  assert.equal(r.systemHash, shortHash(canonicalJson('You are a terse coding agent.')));
  assert.equal(r.headHash, shortHash(canonicalJson(['You are a terse coding agent.', { role: 'user', content: 'Which files are here?' }])), 'the head is the first non-system message');
  assert.deepEqual(r.lastAssistant, { textHash: null, toolCallIds: ['call_a1', 'call_a2'] });
  assert.deepEqual(
    r.toolResults.map((t) => [t.toolCallId, t.name, t.chars, t.isError, t.messageIndex, t.contentHash]),
    [['call_a1', 'bash', 15, false, 3, shortHash('calc.js\ntest.js')], ['call_a2', 'bash', 5, false, 4, shortHash('/repo')]],
  );
  assert.deepEqual(r.toolsDeclared, ['bash']);
  assert.equal(r.firstUserText, 'Which files are here?');
});

test('fixture: chat stream without usage is estimated; malformed and unknown chunks are skipped', () => {
  const c = parseFixture(`${DIR}/stream-no-usage-malformed.json`);
  assert.equal(c.outputText, 'calc.js and test.js.');
  assert.deepEqual(c.usage, {
    inputUncached: countTokens('Be brief.\nList the files.'),
    cacheRead: 0,
    cacheWrite5m: 0,
    cacheWrite1h: 0,
    output: countTokens('calc.js and test.js.'),
    reasoning: 0,
    estimated: true,
  });
  assert.equal(c.rawUsage, null);
  assert.equal(c.complete, true, '[DONE] arrived');
  assert.equal(c.stopReason, 'stop');
});

test('fixture: gzip-encoded non-stream reply with cached prompt tokens', () => {
  const c = parseFixture(`${DIR}/nonstream-gzip-cached.json`);
  assert.deepEqual(c.usage, { inputUncached: 86, cacheRead: 1920, cacheWrite5m: 0, cacheWrite1h: 0, output: 11, reasoning: 0, estimated: false });
  assert.equal(c.outputText, 'calc.js subtracts instead of adding.');
  assert.deepEqual([c.stream, c.complete, c.stopReason], [false, true, 'stop']);
});

test('fixture: a chat stream reset before [DONE] is incomplete and estimated', () => {
  const c = parseFixture(`${DIR}/stream-cut.json`);
  assert.equal(c.complete, false);
  assert.equal(c.outputText, 'The bug is in ', 'the cut chunk is skipped');
  assert.equal(c.usage?.estimated, true);
  assert.equal(c.usage?.output, countTokens('The bug is in '));
});

test('fixture: chat 429', () => {
  const c = parseFixture(`${DIR}/error-429.json`);
  assert.deepEqual(c.error, { status: 429, type: 'tokens', message: 'Rate limit reached for gpt-4.1 on tokens per min (TPM): Limit 30000, Used 29000, Requested 5210.' });
  assert.equal(c.usage, null);
});
