import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openaiChat } from '../../../src/capture/wire/openai-chat.js';
import { openaiResponses } from '../../../src/capture/wire/openai-responses.js';
import { exchange, sse } from './build.js';
import { bareCalls } from './bare.js';

const chatRequest = {
  model: 'gpt-5',
  stream: true,
  stream_options: { include_usage: true },
  tools: [{ type: 'function', function: { name: 'bash', parameters: {} } }],
  messages: [
    { role: 'system', content: 'be brief' },
    { role: 'user', content: 'list files' },
    { role: 'assistant', content: null, tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'bash', arguments: '{"command":"ls"}' } }, { id: 'call_b', type: 'function', function: { name: 'bash', arguments: '{"command":"pwd"}' } }] },
    { role: 'tool', tool_call_id: 'call_a', content: 'x.txt' },
    { role: 'tool', tool_call_id: 'call_b', content: '/repo' },
  ],
};

const chunk = (delta: unknown, finish: string | null = null) => ({ id: 'c1', object: 'chat.completion.chunk', model: 'gpt-5-2025-08-07', choices: [{ index: 0, delta, finish_reason: finish }] });

test('chat stream: parallel tool call fragments by index, usage chunk, cached part of prompt_tokens split out', () => {
  const body = sse([
    [null, chunk({ role: 'assistant', content: '' })],
    [null, chunk({ tool_calls: [{ index: 0, id: 'call_c', type: 'function', function: { name: 'bash', arguments: '' } }] })],
    [null, chunk({ tool_calls: [{ index: 1, id: 'call_d', type: 'function', function: { name: 'bash', arguments: '{"comm' } }] })],
    [null, chunk({ tool_calls: [{ index: 0, function: { arguments: '{"command":"cat x.txt"}' } }] })],
    [null, chunk({ tool_calls: [{ index: 1, function: { arguments: 'and":"wc x.txt"}' } }] })],
    [null, chunk({}, 'tool_calls')],
    [null, { id: 'c1', object: 'chat.completion.chunk', model: 'gpt-5-2025-08-07', choices: [], usage: { prompt_tokens: 5000, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 4096 }, completion_tokens_details: { reasoning_tokens: 256 } } }],
    [null, '[DONE]'],
  ]);
  const c = openaiChat.parse(exchange({ path: '/v1/chat/completions', request: chatRequest, response: body, sse: true }), {});
  assert.deepEqual(c.usage, { inputUncached: 904, cacheRead: 4096, cacheWrite5m: 0, cacheWrite1h: 0, output: 300, reasoning: 256, estimated: false });
  assert.deepEqual(c.toolCalls.map((t) => [t.id, t.args]), [['call_c', '{"command":"cat x.txt"}'], ['call_d', '{"command":"wc x.txt"}']]);
  assert.equal(c.model, 'gpt-5-2025-08-07');
  assert.equal(c.modelRequested, 'gpt-5');
  assert.deepEqual(c.request.toolResults.map((r) => [r.toolCallId, r.name, r.messageIndex]), [['call_a', 'bash', 3], ['call_b', 'bash', 4]]);
  assert.deepEqual(c.request.lastAssistant?.toolCallIds, ['call_a', 'call_b']);
  assert.equal(c.complete, true);
});

test('chat stream without include_usage: tokens counted and marked estimated', () => {
  const body = sse([[null, chunk({ content: 'hello world' })], [null, chunk({}, 'stop')], [null, '[DONE]']]);
  const c = openaiChat.parse(exchange({ path: '/v1/chat/completions', request: { ...chatRequest, stream_options: undefined }, response: body, sse: true }), {});
  assert.equal(c.usage?.estimated, true);
  assert.ok((c.usage?.inputUncached ?? 0) > 0);
  assert.equal(c.outputText, 'hello world');
});

test('chat stream cut before [DONE] is incomplete', () => {
  const body = sse([[null, chunk({ content: 'hel' })]]);
  const c = openaiChat.parse(exchange({ path: '/chat/completions', request: chatRequest, response: body, sse: true }), {});
  assert.equal(c.complete, false);
});

test('responses stream: usage from response.completed, function_call items, tool outputs after the last assistant turn', () => {
  const request = {
    model: 'gpt-5-codex',
    instructions: 'You are Codex.',
    stream: true,
    tools: [{ type: 'function', name: 'shell' }, { type: 'custom', name: 'apply_patch' }],
    input: [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'fix it' }] },
      { type: 'reasoning', summary: [] },
      { type: 'function_call', call_id: 'call_1', name: 'shell', arguments: '{"command":["ls"]}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'a.py' },
    ],
  };
  const final = { id: 'resp_1', model: 'gpt-5-codex', status: 'completed', output: [{ type: 'reasoning' }, { type: 'custom_tool_call', call_id: 'call_2', name: 'apply_patch', input: '*** Begin Patch' }], usage: { input_tokens: 12000, input_tokens_details: { cached_tokens: 11000 }, output_tokens: 900, output_tokens_details: { reasoning_tokens: 700 } } };
  const body = sse([
    ['response.created', { type: 'response.created', response: { model: 'gpt-5-codex' } }],
    ['response.output_item.done', { type: 'response.output_item.done', item: final.output[1] }],
    ['response.completed', { type: 'response.completed', response: final }],
  ]);
  const c = openaiResponses.parse(exchange({ path: '/v1/responses', request, response: body, sse: true }), {});
  assert.deepEqual(c.usage, { inputUncached: 1000, cacheRead: 11000, cacheWrite5m: 0, cacheWrite1h: 0, output: 900, reasoning: 700, estimated: false });
  assert.deepEqual(bareCalls(c.toolCalls), [{ id: 'call_2', name: 'apply_patch', args: '*** Begin Patch' }]);
  assert.deepEqual(c.request.lastAssistant?.toolCallIds, ['call_1']);
  assert.deepEqual(c.request.toolResults.map((r) => [r.toolCallId, r.name]), [['call_1', 'shell']]);
  assert.equal(c.request.messageCount, 3, 'user, one assistant turn (reasoning + call), one tool output');
});

test('responses: a stream cut before response.completed keeps finished items and estimates usage', () => {
  const body = sse([['response.output_text.delta', { type: 'response.output_text.delta', delta: 'partial' }]]);
  const c = openaiResponses.parse(exchange({ path: '/v1/responses', request: { model: 'gpt-5', input: 'hi', stream: true }, response: body, sse: true, complete: false }), {});
  assert.equal(c.complete, false);
  assert.equal(c.outputText, 'partial');
  assert.equal(c.usage?.estimated, true);
});

test('responses: a namespace tool (Codex collaboration) is declared and called as namespace.name; its output pairs by call id', () => {
  const request = {
    model: 'gpt-5-codex',
    input: [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'go' }] },
      { type: 'function_call', name: 'spawn_agent', namespace: 'collaboration', call_id: 'c1', arguments: '{"task_name":"helper","message":"look"}' },
      { type: 'function_call_output', call_id: 'c1', output: '{"task_name":"/root/helper"}' },
    ],
    tools: [
      { type: 'function', name: 'exec_command', parameters: {} },
      { type: 'namespace', name: 'collaboration', tools: [{ type: 'function', name: 'spawn_agent' }, { type: 'function', name: 'wait_agent' }] },
    ],
  };
  const response = {
    id: 'resp_1',
    model: 'gpt-5-codex',
    status: 'completed',
    output: [{ type: 'function_call', id: 'fc_2', name: 'wait_agent', namespace: 'collaboration', call_id: 'c2', arguments: '{"timeout_ms":1000}' }],
    usage: { input_tokens: 50, input_tokens_details: { cached_tokens: 0 }, output_tokens: 9, output_tokens_details: { reasoning_tokens: 0 } },
  };
  const c = openaiResponses.parse(exchange({ path: '/v1/responses', request, response }), {});
  assert.deepEqual(c.request.toolsDeclared, ['exec_command', 'collaboration.spawn_agent', 'collaboration.wait_agent']);
  assert.deepEqual(c.toolCalls.map((t) => [t.id, t.name]), [['c2', 'collaboration.wait_agent']]);
  assert.deepEqual(c.request.toolResults.map((r) => [r.toolCallId, r.name]), [['c1', 'collaboration.spawn_agent']]);
});
