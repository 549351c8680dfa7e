import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anthropicMessages } from '../../../src/capture/wire/anthropic-messages.js';
import { parseStoredExchange } from '../../../src/capture/wire/index.js';
import { exchange, sse } from './build.js';
import { bareCalls } from './bare.js';

const request = {
  model: 'claude-sonnet-4-6',
  max_tokens: 1024,
  system: [{ type: 'text', text: 'You are a coding agent.', cache_control: { type: 'ephemeral' } }],
  tools: [{ name: 'Bash', input_schema: { type: 'object' } }, { name: 'Read', input_schema: { type: 'object' } }],
  stream: true,
  messages: [
    { role: 'user', content: 'fix the test' },
    { role: 'assistant', content: [{ type: 'text', text: 'Looking.' }, { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } }, { type: 'tool_use', id: 'toolu_2', name: 'Read', input: { file_path: 'a.js' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'a.js\nb.js' }, { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: 'no such file' }], is_error: true }] },
  ],
};

const stream = sse([
  ['message_start', { type: 'message_start', message: { id: 'msg_1', model: 'claude-sonnet-4-6', usage: { input_tokens: 12, cache_read_input_tokens: 3000, cache_creation_input_tokens: 500, cache_creation: { ephemeral_5m_input_tokens: 200, ephemeral_1h_input_tokens: 300 }, output_tokens: 1 } } }],
  ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
  ['ping', { type: 'ping' }],
  ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Run ' } }],
  ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'tests.' } }],
  ['content_block_stop', { type: 'content_block_stop', index: 0 }],
  ['content_block_start', { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_3', name: 'Bash', input: {} } }],
  ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"command":' } }],
  ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '"npm test"}' } }],
  ['content_block_stop', { type: 'content_block_stop', index: 1 }],
  ['future_event_type', { type: 'future_event_type', whatever: true }],
  ['message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 40 } }],
  ['message_delta', { type: 'message_delta', delta: {}, usage: { output_tokens: 57 } }],
  ['message_stop', { type: 'message_stop' }],
]);

test('stream: cache split 5m/1h, cumulative output overwritten not summed, tool args joined, unknown events skipped', () => {
  const c = anthropicMessages.parse(exchange({ path: '/v1/messages?beta=true', request, response: stream, sse: true }), {});
  assert.deepEqual(c.usage, { inputUncached: 12, cacheRead: 3000, cacheWrite5m: 200, cacheWrite1h: 300, output: 57, reasoning: 0, estimated: false });
  assert.equal(c.outputText, 'Run tests.');
  assert.deepEqual(bareCalls(c.toolCalls), [{ id: 'toolu_3', name: 'Bash', args: '{"command":"npm test"}' }]);
  assert.equal(c.stopReason, 'tool_use');
  assert.equal(c.complete, true);
  assert.equal(c.request.messageCount, 3);
  assert.deepEqual(c.request.toolsDeclared, ['Bash', 'Read']);
  assert.deepEqual(c.request.lastAssistant?.toolCallIds, ['toolu_1', 'toolu_2']);
  assert.deepEqual(
    c.request.toolResults.map((r) => [r.toolCallId, r.isError, r.chars, r.messageIndex]),
    [['toolu_1', false, 9, 2], ['toolu_2', true, 12, 2]],
  );
  assert.equal(c.request.firstUserText, 'fix the test');
});

test('cache writes without the 5m/1h split count as 5-minute writes', () => {
  const c = anthropicMessages.parse(
    exchange({ path: '/v1/messages', request: { ...request, stream: false }, response: { id: 'm', model: 'claude-sonnet-4-6', content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', usage: { input_tokens: 5, cache_creation_input_tokens: 800, cache_read_input_tokens: 0, output_tokens: 2 } } }),
    {},
  );
  assert.deepEqual([c.usage?.cacheWrite5m, c.usage?.cacheWrite1h, c.usage?.inputUncached], [800, 0, 5]);
});

test('a stream cut after message_start keeps the reported input and estimates the output', () => {
  const cut = stream.slice(0, stream.indexOf('event: content_block_stop'));
  const c = anthropicMessages.parse(exchange({ path: '/v1/messages', request, response: cut, sse: true, complete: false }), {});
  assert.equal(c.complete, false);
  assert.equal(c.usage?.inputUncached, 12);
  assert.equal(c.usage?.cacheRead, 3000);
  assert.equal(c.usage?.estimated, true);
  assert.ok((c.usage?.output ?? 0) > 0);
});

test('errors: a 429 body and an error event mid-stream', () => {
  const r = anthropicMessages.parse(
    exchange({ path: '/v1/messages', request, status: 429, response: { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } } }),
    {},
  );
  assert.deepEqual(r.error, { status: 429, type: 'rate_limit_error', message: 'slow down' });
  assert.equal(r.usage, null, 'an error response was not billed');
  const mid = sse([
    ['message_start', { type: 'message_start', message: { model: 'claude-sonnet-4-6', usage: { input_tokens: 9, output_tokens: 1 } } }],
    ['error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }],
  ]);
  const e = anthropicMessages.parse(exchange({ path: '/v1/messages', request, response: mid, sse: true }), {});
  assert.equal(e.error?.type, 'overloaded_error');
  assert.equal(e.complete, false);
});

test('malformed SSE lines and garbage events are skipped; gzip is undone for parsing', () => {
  const broken = stream.replace('event: ping', 'data: {not json at all\n\nevent: ping');
  const x = exchange({ path: '/v1/messages', request, response: broken, sse: true, gzip: true });
  const c = parseStoredExchange({
    sessionId: 's', seq: 1, route: 'anthropic', upstreamUrl: '', requestBytes: 0, responseBytes: 0, responseOmittedBytes: 0,
    startedAt: 0, firstByteAt: 0, endedAt: 0, state: 'complete', errorText: null,
    ...x,
  });
  assert.equal(c.usage?.output, 57);
  assert.equal(c.outputText, 'Run tests.');
});

test('count_tokens is a side call with no usage', () => {
  const c = anthropicMessages.parse(exchange({ path: '/v1/messages/count_tokens', request, response: { input_tokens: 1234 } }), {});
  assert.equal(c.usage, null);
  assert.equal(c.hints.auxiliary, 'token_count');
});
