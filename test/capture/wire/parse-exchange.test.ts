import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { findParser, parseExchange, parseStoredExchange } from '../../../src/capture/wire/index.js';
import { anthropicMessages } from '../../../src/capture/wire/anthropic-messages.js';
import { openaiChat } from '../../../src/capture/wire/openai-chat.js';
import { openaiResponses } from '../../../src/capture/wire/openai-responses.js';
import { countTokens } from '../../../src/util/tokens.js';
import { shortHash } from '../../../src/util/hash.js';
import { exchange, sse } from './build.js';
import { loadExchange } from './load-fixture.js';
import { bareCalls } from './bare.js';

test('parsers are chosen by path: with or without /v1, queries, Azure, Vertex, Code Assist, Codex backend', () => {
  const api = (path: string, method = 'POST'): string | null => findParser(method, path)?.api ?? null;
  assert.equal(api('/v1/messages?beta=true'), 'anthropic-messages');
  assert.equal(api('/messages/count_tokens'), 'anthropic-messages');
  assert.equal(api('/v1/threads/th_1/messages'), null, 'OpenAI Assistants, not Anthropic');
  assert.equal(api('/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21'), 'openai-chat');
  assert.equal(api('/backend-api/codex/responses'), 'openai-responses');
  assert.equal(api('/v1/projects/p/locations/us/publishers/google/models/gemini-2.5-pro:streamGenerateContent?alt=sse'), 'gemini-generate');
  assert.equal(api('/v1internal:generateContent'), 'gemini-generate');
  assert.equal(api('/v1/models', 'GET'), null);
});

test('an unclaimed path is sniffed by the request body; a non-LLM body is an unknown call without usage', () => {
  const base = exchange({ path: '/gateway/llm', request: {}, response: {} });
  const anthropic = parseExchange(
    { ...base, requestHeaders: { 'anthropic-version': '2023-06-01' }, requestBody: Buffer.from(JSON.stringify({ model: 'claude-x', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] })), responseBody: Buffer.from(JSON.stringify({ model: 'claude-x', content: [{ type: 'text', text: 'yo' }], usage: { input_tokens: 3, output_tokens: 1 } })) },
    {},
  );
  assert.deepEqual([anthropic.api, anthropic.usage?.inputUncached, anthropic.outputText], ['anthropic-messages', 3, 'yo']);
  const chat = parseExchange({ ...base, requestBody: Buffer.from(JSON.stringify({ model: 'm', messages: [] })) }, {});
  assert.equal(chat.api, 'openai-chat');
  const telemetry = parseExchange({ ...base, requestBody: Buffer.from(JSON.stringify({ events: [1, 2] })) }, { sessionKey: 's' });
  assert.deepEqual([telemetry.api, telemetry.usage, telemetry.hints.sessionKey], ['unknown', null, 's']);
});

test('a response whose middle the recorder omitted still yields the tail (final usage) and the head', () => {
  const x = loadExchange('anthropic-messages/stream-parallel-tools-cache-split.json');
  const text = x.responseBody.toString('utf8');
  const from = text.indexOf('subtracts') - 5; // inside a text delta event
  // inside the `event:` line of the second tool_use start: its data line survives the seam
  const to = text.lastIndexOf('event: content_block_start', text.indexOf('toolu_01D')) + 10;
  const c = parseStoredExchange({ ...x, responseBody: Buffer.from(text.slice(0, from) + text.slice(to)), responseOmittedBytes: to - from });
  assert.equal(c.usage?.output, 143);
  assert.equal(c.usage?.cacheWrite1h, 2000);
  assert.equal(c.outputText, 'Found it: calc.js ', 'the text before the seam');
  assert.deepEqual(c.toolCalls.map((t) => t.id), ['toolu_01D'], 'the call whose start fell in the gap is lost, the later one kept');
});

test('an exchange without a response keeps the recorder reason, with no usage', () => {
  const x = loadExchange('openai-chat/nonstream-gzip-cached.json');
  const c = parseStoredExchange({ ...x, status: null, responseHeaders: {}, responseBody: Buffer.alloc(0), state: 'upstream_error', errorText: 'connect ECONNREFUSED 127.0.0.1:9' });
  assert.deepEqual(c.error, { status: null, type: 'upstream_error', message: 'connect ECONNREFUSED 127.0.0.1:9' });
  assert.equal(c.usage, null);
  assert.equal(c.complete, false);
});

test('a compressed request body is decoded (content-encoding request header)', () => {
  const x = loadExchange('openai-chat/nonstream-gzip-cached.json');
  const c = parseStoredExchange({ ...x, requestHeaders: { ...x.requestHeaders, 'content-encoding': 'br' }, requestBody: zlib.brotliCompressSync(x.requestBody) });
  assert.equal(c.request.messageCount, 5);
  assert.equal(c.modelRequested, 'gpt-4.1');
});

test("a response's text hash is what the next request's lastAssistant carries (several text blocks; > 16 KB)", () => {
  const long = 'x'.repeat(20_000);
  for (const blocks of [['According to the docs, ', 'the flag is ', 'deprecated.'], [long]]) {
    const response = { model: 'claude-x', content: blocks.map((t) => ({ type: 'text', text: t })), usage: { input_tokens: 1, output_tokens: 1 } };
    const first = anthropicMessages.parse(exchange({ path: '/v1/messages', request: { messages: [{ role: 'user', content: 'q' }] }, response }), {});
    const next = anthropicMessages.parse(
      exchange({ path: '/v1/messages', request: { messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: response.content }, { role: 'user', content: 'more' }] }, response }),
      {},
    );
    assert.equal(next.request.lastAssistant?.textHash, shortHash(first.outputText.trim()));
  }
});

test('the head hash ignores cache_control marks that move between turns', () => {
  const turn = (mark: boolean): string | null =>
    anthropicMessages.parse(
      exchange({ path: '/v1/messages', request: { system: 'sys', messages: [{ role: 'user', content: [{ type: 'text', text: 'task', ...(mark ? { cache_control: { type: 'ephemeral' } } : {}) }] }] }, response: {} }),
      {},
    ).request.headHash;
  assert.equal(turn(true), turn(false));
});

test('the history hash is the first message by what it says: blocks or a string, any system prompt (OpenClaw continuations)', () => {
  const req = (system: string, first: unknown) =>
    anthropicMessages.parse(exchange({ path: '/v1/messages', request: { system, messages: [{ role: 'user', content: first }] }, response: {} }), {}).request;
  const blocks = req('sys v1', [{ type: 'text', text: 'run the commands', cache_control: { type: 'ephemeral' } }]);
  const rebuilt = req('sys v2', 'run the commands');
  assert.equal(blocks.historyHash, rebuilt.historyHash);
  assert.notEqual(blocks.headHash, rebuilt.headHash, 'the head (a prompt-cache identity) did change');
  assert.notEqual(req('sys v1', 'another task').historyHash, blocks.historyHash);
});

test('Anthropic thinking tokens reported in output_tokens_details become reasoning (inside output)', () => {
  const c = anthropicMessages.parse(
    exchange({ path: '/v1/messages', request: { messages: [] }, response: { content: [], usage: { input_tokens: 5, output_tokens: 900, output_tokens_details: { thinking_tokens: 700 } } } }),
    {},
  );
  assert.deepEqual([c.usage?.output, c.usage?.reasoning], [900, 700]);
});

test('chat stream from a compatible server without tool-call index fields, repeating the name', () => {
  const ch = (tool: unknown): unknown => ({ model: 'm', choices: [{ index: 0, delta: { tool_calls: [tool] } }] });
  const body = sse([
    [null, ch({ id: 'c1', function: { name: 'read', arguments: '{"p":' } })],
    [null, ch({ function: { name: 'read', arguments: '1}' } })],
    [null, ch({ id: 'c2', function: { name: 'grep', arguments: '{}' } })],
    [null, { choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] }],
    [null, '[DONE]'],
  ]);
  const c = openaiChat.parse(exchange({ path: '/chat/completions', request: { messages: [] }, response: body, sse: true }), {});
  assert.deepEqual(bareCalls(c.toolCalls), [{ id: 'c1', name: 'read', args: '{"p":1}' }, { id: 'c2', name: 'grep', args: '{}' }]);
});

test('outputs are cut: text at 16 KB, tool arguments at 8 KB; what a call does is read before the cut', () => {
  const args = JSON.stringify({ content: 'y'.repeat(10_000), file_path: 'src/big.ts' });
  const response = { model: 'm', choices: [{ message: { content: 'z'.repeat(20_000), tool_calls: [{ id: 't', function: { name: 'write', arguments: args } }] } }] };
  const c = openaiChat.parse(exchange({ path: '/v1/chat/completions', request: { messages: [] }, response }), {});
  assert.equal(c.outputText.length, 16 * 1024);
  assert.equal(c.toolCalls[0]?.args.length, 8 * 1024);
  assert.deepEqual([c.toolCalls[0]?.action?.verb, c.toolCalls[0]?.action?.paths, c.toolCalls[0]?.action?.writes], ['write', ['src/big.ts'], 'yes'], 'the path after the cut is still known');
});

test('an error event inside a 2xx stream with no usage: the error is kept and the usage estimated', () => {
  const body = sse([
    ['response.created', { type: 'response.created', response: { model: 'gpt-5' } }],
    ['response.output_text.delta', { type: 'response.output_text.delta', output_index: 0, delta: 'Partial answer' }],
    ['error', { type: 'error', code: 'server_error', message: 'The server had an error.' }],
  ]);
  const c = openaiResponses.parse(exchange({ path: '/v1/responses', request: { model: 'gpt-5', input: 'hi', stream: true }, response: body, sse: true }), {});
  assert.deepEqual(c.error, { status: 200, type: 'server_error', message: 'The server had an error.' });
  assert.equal(c.complete, false);
  assert.deepEqual([c.usage?.inputUncached, c.usage?.output, c.usage?.estimated], [countTokens('hi'), countTokens('Partial answer'), true]);
});
