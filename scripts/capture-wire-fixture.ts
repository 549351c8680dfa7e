// Writes fixtures/wire/<format>/<case>.json: one exchange each. The REQUEST is what the real SDK sent (openai,
// @anthropic-ai/sdk) to a local node:http server; the RESPONSE is a canned body shaped like the real API's (event
// names, fields, [DONE], index fields as documented). Gemini has no SDK installed here: its requests are built in
// Gemini CLI's shape and posted with fetch. Run: npx tsx scripts/capture-wire-fixture.ts  (127.0.0.1 only)
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

interface Canned {
  status?: number;
  headers?: Record<string, string>;
  body: string;
  /** send only this many bytes, then reset the connection (a stream cut mid-way) */
  cutAt?: number;
  gzip?: boolean;
}
interface Case {
  file: string;
  description: string;
  response: Canned;
  send: (base: string) => Promise<unknown>;
}
interface Seen {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

const SSE = { 'content-type': 'text/event-stream; charset=utf-8' };
const JSON_CT = { 'content-type': 'application/json' };
const KEPT_HEADERS = /^(content-type|content-encoding|accept|anthropic-version|anthropic-beta|x-stainless-helper-method|x-claude-code-session-id|x-claude-code-agent-id|session_id|session-id|thread-id|x-codex-parent-thread-id|x-openai-subagent|x-session-id|x-parent-session-id)$/;
const SECRET_HEADERS = /^(authorization|x-api-key|x-goog-api-key)$/;

const sse = (events: [string | null, unknown][]): string =>
  events.map(([name, data]) => `${name ? `event: ${name}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`).join('');
const json = (v: unknown): string => JSON.stringify(v);

const anthropic = (base: string): Anthropic =>
  new Anthropic({ apiKey: 'sk-ant-fixture-0000', baseURL: base, maxRetries: 0, defaultHeaders: { 'x-claude-code-session-id': 'sess-fixture-1' } });
const openai = (base: string, defaultHeaders: Record<string, string> = {}): OpenAI =>
  new OpenAI({ apiKey: 'sk-fixture-0000', baseURL: `${base}/v1`, maxRetries: 0, defaultHeaders });
// what Codex sends on a sub-agent's calls (see src/capture/wire/headers-hints.ts)
const codexHeaders = { session_id: 'sess-codex-1', 'thread-id': 'thread-sub-2', 'x-codex-parent-thread-id': 'thread-main-1', 'x-openai-subagent': 'review' };
const post = (url: string, body: unknown): Promise<unknown> =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': 'fixture' }, body: JSON.stringify(body) }).then((r) => r.text());

// ---- shared conversations ----
const claudeSystem = [{ type: 'text' as const, text: 'You are a coding agent working in a small repository.', cache_control: { type: 'ephemeral' as const, ttl: '1h' as const } }];
const claudeTools = [
  { name: 'Bash', description: 'Run a shell command', input_schema: { type: 'object' as const, properties: { command: { type: 'string' } }, required: ['command'] } },
  { name: 'Read', description: 'Read a file', input_schema: { type: 'object' as const, properties: { file_path: { type: 'string' } } }, cache_control: { type: 'ephemeral' as const } },
];
const claudeHistory: Anthropic.MessageParam[] = [
  { role: 'user', content: 'The test fails. Fix calc.js.' },
  { role: 'assistant', content: [{ type: 'text', text: 'Let me look at the files.' }, { type: 'tool_use', id: 'toolu_01A', name: 'Bash', input: { command: 'ls' } }, { type: 'tool_use', id: 'toolu_01B', name: 'Read', input: { file_path: 'missing.js' } }] },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01A', content: 'calc.js\ntest.js' }, { type: 'tool_result', tool_use_id: 'toolu_01B', content: [{ type: 'text', text: 'File does not exist.' }], is_error: true, cache_control: { type: 'ephemeral' } }] },
];
const chatTools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'bash', description: 'Run a shell command', parameters: { type: 'object', properties: { command: { type: 'string' } } } } }];
const chatHistory: OpenAI.ChatCompletionMessageParam[] = [
  { role: 'system', content: 'You are a terse coding agent.' },
  { role: 'user', content: 'Which files are here?' },
  { role: 'assistant', content: null, tool_calls: [{ id: 'call_a1', type: 'function', function: { name: 'bash', arguments: '{"command":"ls"}' } }, { id: 'call_a2', type: 'function', function: { name: 'bash', arguments: '{"command":"pwd"}' } }] },
  { role: 'tool', tool_call_id: 'call_a1', content: 'calc.js\ntest.js' },
  { role: 'tool', tool_call_id: 'call_a2', content: '/repo' },
];
const chunk = (delta: unknown, finish: string | null = null): unknown => ({ id: 'chatcmpl-fx1', object: 'chat.completion.chunk', created: 1760000000, model: 'gpt-4.1-2025-04-14', system_fingerprint: 'fp_fx', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
const msgStart = (usage: unknown): unknown => ({ type: 'message_start', message: { id: 'msg_01FX', type: 'message', role: 'assistant', model: 'claude-sonnet-4-6', content: [], stop_reason: null, stop_sequence: null, usage } });
const responsesTools: OpenAI.Responses.Tool[] = [
  { type: 'function', name: 'shell', description: 'Run a command', parameters: { type: 'object', properties: { command: { type: 'array', items: { type: 'string' } } } }, strict: false },
  { type: 'custom', name: 'apply_patch', description: 'Apply a patch' },
];
const responsesInput: OpenAI.Responses.ResponseInput = [
  { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Fix the failing test.' }] },
  { type: 'reasoning', id: 'rs_01', summary: [], encrypted_content: 'gAAAA-fixture' },
  { type: 'function_call', call_id: 'call_r1', name: 'shell', arguments: '{"command":["cat","calc.js"]}' },
  { type: 'function_call_output', call_id: 'call_r1', output: 'module.exports = (a, b) => a - b;' },
];
const respObj = (extra: Record<string, unknown>): Record<string, unknown> => ({ id: 'resp_fx1', object: 'response', created_at: 1760000000, model: 'gpt-5-codex', status: 'in_progress', output: [], usage: null, ...extra });
const geminiRequest = {
  systemInstruction: { role: 'user', parts: [{ text: 'You are Gemini CLI, an interactive agent.' }] },
  tools: [{ functionDeclarations: [{ name: 'read_file', description: 'Read a file', parameters: { type: 'OBJECT', properties: { path: { type: 'STRING' } } } }, { name: 'run_shell_command', description: 'Run a command' }] }],
  generationConfig: { temperature: 0, thinkingConfig: { includeThoughts: true } },
  contents: [
    { role: 'user', parts: [{ text: 'Why does the test fail?' }] },
    { role: 'model', parts: [{ functionCall: { name: 'run_shell_command', args: { command: 'npm test' } } }, { functionCall: { name: 'run_shell_command', args: { command: 'git status' } } }] },
    { role: 'user', parts: [{ functionResponse: { name: 'run_shell_command', response: { output: '1 failing' } } }, { functionResponse: { name: 'run_shell_command', response: { error: 'not a git repository' } } }] },
  ],
};
const gUsage = (u: Record<string, number>): unknown => ({ ...u, promptTokensDetails: [{ modality: 'TEXT', tokenCount: u['promptTokenCount'] ?? 0 }] });
const gChunk = (parts: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({ candidates: [{ content: { role: 'model', parts }, index: 0, ...extra }], modelVersion: 'gemini-2.5-pro', responseId: 'fx-resp-1' });

export const CASES: Case[] = [
  // ---------------- Anthropic Messages ----------------
  {
    file: 'anthropic-messages/stream-parallel-tools-cache-split.json',
    description: 'stream: thinking + text + two tool_use blocks, 5m/1h cache split, cumulative message_delta usage, ping, unknown event, malformed lines',
    response: {
      headers: SSE,
      body:
        sse([
          ['message_start', msgStart({ input_tokens: 14, cache_creation_input_tokens: 2300, cache_read_input_tokens: 10500, cache_creation: { ephemeral_5m_input_tokens: 300, ephemeral_1h_input_tokens: 2000 }, output_tokens: 2, service_tier: 'standard' })],
          ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }],
          ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'The subtraction should be an addition.' } }],
          ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EqQBfixture' } }],
          ['content_block_stop', { type: 'content_block_stop', index: 0 }],
          ['ping', { type: 'ping' }],
          ['content_block_start', { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } }],
          ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Found it: calc.js ' } }],
          ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'subtracts.' } }],
          ['content_block_stop', { type: 'content_block_stop', index: 1 }],
        ]) +
        ': a comment line\nthis line has no colon\ndata: {"type":"content_block_delta", broken json\n\n' +
        sse([
          ['content_block_start', { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_01C', name: 'Read', input: {} } }],
          ['content_block_delta', { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '' } }],
          ['content_block_delta', { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"file_path": "ca' } }],
          ['content_block_delta', { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: 'lc.js"}' } }],
          ['content_block_stop', { type: 'content_block_stop', index: 2 }],
          ['content_block_start', { type: 'content_block_start', index: 3, content_block: { type: 'tool_use', id: 'toolu_01D', name: 'Bash', input: {} } }],
          ['content_block_delta', { type: 'content_block_delta', index: 3, delta: { type: 'input_json_delta', partial_json: '{"command": "node test.js"}' } }],
          ['content_block_stop', { type: 'content_block_stop', index: 3 }],
          ['brand_new_event', { type: 'brand_new_event', detail: 'from a future API version' }],
          ['message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { input_tokens: 14, cache_creation_input_tokens: 2300, cache_read_input_tokens: 10500, output_tokens: 96 } }],
          ['message_delta', { type: 'message_delta', delta: {}, usage: { input_tokens: null, output_tokens: 143 } }],
          ['message_stop', { type: 'message_stop' }],
        ]),
    },
    send: (b) => anthropic(b).messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 4096, system: claudeSystem, tools: claudeTools, thinking: { type: 'enabled', budget_tokens: 2048 }, messages: claudeHistory }).finalMessage(),
  },
  {
    file: 'anthropic-messages/nonstream-text-cache-unsplit.json',
    description: 'non-stream text reply; cache_creation_input_tokens without the 5m/1h split (all 5m)',
    response: { headers: JSON_CT, body: json({ id: 'msg_01FY', type: 'message', role: 'assistant', model: 'claude-haiku-4-5-20251001', content: [{ type: 'text', text: 'Fix calc test' }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 25, cache_creation_input_tokens: 1200, cache_read_input_tokens: 0, output_tokens: 9 } }) },
    send: (b) => anthropic(b).messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, system: 'Summarize the conversation in three words.', messages: [{ role: 'user', content: [{ type: 'text', text: 'The test fails. Fix calc.js.', cache_control: { type: 'ephemeral' } }] }] }),
  },
  {
    file: 'anthropic-messages/stream-cut-after-start.json',
    description: 'stream cut mid-way: message_start arrived, no message_delta (input kept, output estimated, incomplete)',
    response: {
      headers: SSE,
      body: sse([
        ['message_start', msgStart({ input_tokens: 40, cache_creation_input_tokens: 0, cache_read_input_tokens: 12800, output_tokens: 1 })],
        ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
        ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'I will now rewrite the whole file so that' } }],
        ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ' it adds' } }],
      ]),
      cutAt: -12,
    },
    send: (b) => anthropic(b).messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 1024, system: claudeSystem, messages: claudeHistory }).finalMessage(),
  },
  {
    file: 'anthropic-messages/stream-overloaded-error-event.json',
    description: 'a 200 stream that ends with an error event',
    response: { headers: SSE, body: sse([['message_start', msgStart({ input_tokens: 9, output_tokens: 1 })], ['error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }]]) },
    send: (b) => anthropic(b).messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 256, messages: [{ role: 'user', content: 'hello' }] }).finalMessage(),
  },
  {
    file: 'anthropic-messages/error-429.json',
    description: 'rate limited: HTTP 429 with the Anthropic error body',
    response: { status: 429, headers: { ...JSON_CT, 'retry-after': '17' }, body: json({ type: 'error', error: { type: 'rate_limit_error', message: 'This request would exceed the rate limit for your organization of 50,000 input tokens per minute.' }, request_id: 'req_011FX' }) },
    send: (b) => anthropic(b).messages.create({ model: 'claude-sonnet-4-6', max_tokens: 256, messages: claudeHistory }),
  },
  {
    file: 'anthropic-messages/count-tokens.json',
    description: 'count_tokens: not a completion',
    response: { headers: JSON_CT, body: json({ input_tokens: 2095 }) },
    send: (b) => anthropic(b).messages.countTokens({ model: 'claude-sonnet-4-6', system: claudeSystem, tools: claudeTools, messages: claudeHistory }),
  },
  // ---------------- OpenAI Chat Completions ----------------
  {
    file: 'openai-chat/stream-parallel-tools-usage.json',
    description: 'stream with include_usage: two tool calls by index fragments, usage chunk with cached and reasoning tokens, [DONE]',
    response: {
      headers: SSE,
      body: sse([
        [null, chunk({ role: 'assistant', content: null, refusal: null })],
        [null, chunk({ tool_calls: [{ index: 0, id: 'call_b1', type: 'function', function: { name: 'bash', arguments: '' } }] })],
        [null, chunk({ tool_calls: [{ index: 0, function: { arguments: '{"comma' } }] })],
        [null, chunk({ tool_calls: [{ index: 1, id: 'call_b2', type: 'function', function: { name: 'bash', arguments: '' } }] })],
        [null, chunk({ tool_calls: [{ index: 0, function: { arguments: 'nd":"cat calc.js"}' } }] })],
        [null, chunk({ tool_calls: [{ index: 1, function: { arguments: '{"command":"node test.js"}' } }] })],
        [null, chunk({}, 'tool_calls')],
        [null, { id: 'chatcmpl-fx1', object: 'chat.completion.chunk', created: 1760000000, model: 'gpt-4.1-2025-04-14', system_fingerprint: 'fp_fx', choices: [], usage: { prompt_tokens: 5210, completion_tokens: 310, total_tokens: 5520, prompt_tokens_details: { cached_tokens: 4864, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 256, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } } }],
        [null, '[DONE]'],
      ]),
    },
    send: (b) => openai(b).chat.completions.create({ model: 'gpt-4.1', messages: chatHistory, tools: chatTools, parallel_tool_calls: true, stream: true, stream_options: { include_usage: true } }).then(async (s) => { for await (const _ of s) void _; }),
  },
  {
    file: 'openai-chat/stream-no-usage-malformed.json',
    description: 'stream without include_usage (usage estimated), with a comment, a malformed line and an unknown object mixed in',
    response: {
      headers: SSE,
      body:
        `: OPENROUTER PROCESSING\n\n${sse([[null, chunk({ role: 'assistant', content: '' })], [null, chunk({ content: 'calc.js and ' })]])}` +
        `data: {"id": "chatcmpl-fx1", "choices": [{"delta": {"content": "oops"\n\n` +
        sse([[null, { object: 'something.else', note: 'unknown object' }], [null, chunk({ content: 'test.js.' })], [null, chunk({}, 'stop')], [null, '[DONE]']]),
    },
    send: (b) => openai(b).chat.completions.create({ model: 'gpt-4.1-mini', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'List the files.' }], stream: true }).then(async (s) => { for await (const _ of s) void _; }),
  },
  {
    file: 'openai-chat/nonstream-gzip-cached.json',
    description: 'non-stream reply, gzip-encoded response body, cached prompt tokens',
    response: { headers: JSON_CT, gzip: true, body: json({ id: 'chatcmpl-fx2', object: 'chat.completion', created: 1760000000, model: 'gpt-4.1-2025-04-14', choices: [{ index: 0, message: { role: 'assistant', content: 'calc.js subtracts instead of adding.', refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }], usage: { prompt_tokens: 2006, completion_tokens: 11, total_tokens: 2017, prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 } }, service_tier: 'default', system_fingerprint: 'fp_fx' }) },
    send: (b) => openai(b).chat.completions.create({ model: 'gpt-4.1', messages: chatHistory, tools: chatTools }),
  },
  {
    file: 'openai-chat/stream-cut.json',
    description: 'stream reset before [DONE]',
    response: { headers: SSE, body: sse([[null, chunk({ role: 'assistant', content: '' })], [null, chunk({ content: 'The bug is in ' })], [null, chunk({ content: 'calc.js' })]]), cutAt: -20 },
    send: (b) => openai(b).chat.completions.create({ model: 'gpt-4.1', messages: chatHistory, stream: true, stream_options: { include_usage: true } }).then(async (s) => { for await (const _ of s) void _; }),
  },
  {
    file: 'openai-chat/error-429.json',
    description: 'rate limited: HTTP 429 with the OpenAI error body',
    response: { status: 429, headers: JSON_CT, body: json({ error: { message: 'Rate limit reached for gpt-4.1 on tokens per min (TPM): Limit 30000, Used 29000, Requested 5210.', type: 'tokens', param: null, code: 'rate_limit_exceeded' } }) },
    send: (b) => openai(b).chat.completions.create({ model: 'gpt-4.1', messages: chatHistory }),
  },
  // ---------------- OpenAI Responses ----------------
  {
    file: 'openai-responses/stream-parallel-calls-reasoning.json',
    description: 'stream: reasoning summary, a function_call and a custom_tool_call built from deltas, response.completed usage with cached and reasoning tokens, an unknown event',
    response: {
      headers: SSE,
      body: sse([
        ['response.created', { type: 'response.created', sequence_number: 0, response: respObj({}) }],
        ['response.in_progress', { type: 'response.in_progress', sequence_number: 1, response: respObj({}) }],
        ['response.output_item.added', { type: 'response.output_item.added', sequence_number: 2, output_index: 0, item: { id: 'rs_02', type: 'reasoning', summary: [] } }],
        ['response.reasoning_summary_part.added', { type: 'response.reasoning_summary_part.added', sequence_number: 3, item_id: 'rs_02', output_index: 0, summary_index: 0, part: { type: 'summary_text', text: '' } }],
        ['response.reasoning_summary_text.delta', { type: 'response.reasoning_summary_text.delta', sequence_number: 4, item_id: 'rs_02', output_index: 0, summary_index: 0, delta: '**Fixing the operator**' }],
        ['response.output_item.done', { type: 'response.output_item.done', sequence_number: 5, output_index: 0, item: { id: 'rs_02', type: 'reasoning', summary: [{ type: 'summary_text', text: '**Fixing the operator**' }] } }],
        ['response.output_item.added', { type: 'response.output_item.added', sequence_number: 6, output_index: 1, item: { id: 'fc_01', type: 'function_call', status: 'in_progress', arguments: '', call_id: 'call_r2', name: 'shell' } }],
        ['response.function_call_arguments.delta', { type: 'response.function_call_arguments.delta', sequence_number: 7, item_id: 'fc_01', output_index: 1, delta: '{"command":["node",' }],
        ['response.function_call_arguments.delta', { type: 'response.function_call_arguments.delta', sequence_number: 8, item_id: 'fc_01', output_index: 1, delta: '"test.js"]}' }],
        ['response.function_call_arguments.done', { type: 'response.function_call_arguments.done', sequence_number: 9, item_id: 'fc_01', output_index: 1, arguments: '{"command":["node","test.js"]}' }],
        ['response.output_item.done', { type: 'response.output_item.done', sequence_number: 10, output_index: 1, item: { id: 'fc_01', type: 'function_call', status: 'completed', arguments: '{"command":["node","test.js"]}', call_id: 'call_r2', name: 'shell' } }],
        ['response.output_item.added', { type: 'response.output_item.added', sequence_number: 11, output_index: 2, item: { id: 'ctc_01', type: 'custom_tool_call', status: 'in_progress', call_id: 'call_r3', name: 'apply_patch', input: '' } }],
        ['response.custom_tool_call_input.delta', { type: 'response.custom_tool_call_input.delta', sequence_number: 12, item_id: 'ctc_01', output_index: 2, delta: '*** Begin Patch\n*** Update File: calc.js\n-a - b\n+a + b\n*** End Patch' }],
        ['response.output_item.done', { type: 'response.output_item.done', sequence_number: 13, output_index: 2, item: { id: 'ctc_01', type: 'custom_tool_call', status: 'completed', call_id: 'call_r3', name: 'apply_patch', input: '*** Begin Patch\n*** Update File: calc.js\n-a - b\n+a + b\n*** End Patch' } }],
        ['response.future_thing', { type: 'response.future_thing', sequence_number: 14 }],
        ['response.completed', { type: 'response.completed', sequence_number: 15, response: respObj({ status: 'completed', output: [
          { id: 'rs_02', type: 'reasoning', summary: [{ type: 'summary_text', text: '**Fixing the operator**' }] },
          { id: 'fc_01', type: 'function_call', status: 'completed', arguments: '{"command":["node","test.js"]}', call_id: 'call_r2', name: 'shell' },
          { id: 'ctc_01', type: 'custom_tool_call', status: 'completed', call_id: 'call_r3', name: 'apply_patch', input: '*** Begin Patch\n*** Update File: calc.js\n-a - b\n+a + b\n*** End Patch' },
        ], usage: { input_tokens: 8200, input_tokens_details: { cached_tokens: 7936 }, output_tokens: 420, output_tokens_details: { reasoning_tokens: 320 }, total_tokens: 8620 } }) }],
      ]),
    },
    send: (b) => openai(b, codexHeaders).responses.create({ model: 'gpt-5-codex', instructions: 'You are Codex, a coding agent.', input: responsesInput, tools: responsesTools, parallel_tool_calls: true, reasoning: { effort: 'medium', summary: 'auto' }, store: false, stream: true, include: ['reasoning.encrypted_content'] }).then(async (s) => { for await (const _ of s) void _; }),
  },
  {
    file: 'openai-responses/nonstream-text.json',
    description: 'non-stream reply with instructions and a plain string input',
    response: { headers: JSON_CT, body: json(respObj({ status: 'completed', model: 'gpt-5-mini-2025-08-07', output: [{ id: 'msg_01', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Fixed calc.js.', annotations: [], logprobs: [] }] }], usage: { input_tokens: 1500, input_tokens_details: { cached_tokens: 0 }, output_tokens: 64, output_tokens_details: { reasoning_tokens: 48 }, total_tokens: 1564 } })) },
    send: (b) => openai(b).responses.create({ model: 'gpt-5-mini', instructions: 'Answer in one line.', input: 'What did you change?' }),
  },
  {
    file: 'openai-responses/stream-cut.json',
    description: 'stream reset after a few text deltas (no response.completed): incomplete, usage estimated',
    response: {
      headers: SSE,
      body: sse([
        ['response.created', { type: 'response.created', sequence_number: 0, response: respObj({}) }],
        ['response.output_item.added', { type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: { id: 'msg_02', type: 'message', status: 'in_progress', role: 'assistant', content: [] } }],
        ['response.output_text.delta', { type: 'response.output_text.delta', sequence_number: 2, item_id: 'msg_02', output_index: 0, content_index: 0, delta: 'The failing test ', logprobs: [] }],
        ['response.output_text.delta', { type: 'response.output_text.delta', sequence_number: 3, item_id: 'msg_02', output_index: 0, content_index: 0, delta: 'expects 3.', logprobs: [] }],
      ]),
      cutAt: -30,
    },
    send: (b) => openai(b).responses.create({ model: 'gpt-5-codex', instructions: 'You are Codex, a coding agent.', input: responsesInput, stream: true }).then(async (s) => { for await (const _ of s) void _; }),
  },
  {
    file: 'openai-responses/error-429.json',
    description: 'rate limited: HTTP 429 with the OpenAI error body',
    response: { status: 429, headers: JSON_CT, body: json({ error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } }) },
    send: (b) => openai(b).responses.create({ model: 'gpt-5-codex', input: 'hi' }),
  },
  // ---------------- Gemini ----------------
  {
    file: 'gemini/stream-sse-tools-thoughts-cached.json',
    description: 'alt=sse stream: thought part, text, two same-name function calls without ids; cached prompt and thoughts in the last usage',
    response: {
      headers: SSE,
      body: sse([
        [null, { ...gChunk([{ text: 'Checking the operator.', thought: true }]), usageMetadata: gUsage({ promptTokenCount: 12500, cachedContentTokenCount: 8192, totalTokenCount: 12510, thoughtsTokenCount: 10 }) }],
        [null, { ...gChunk([{ text: 'The test expects addition. ' }]), usageMetadata: gUsage({ promptTokenCount: 12500, cachedContentTokenCount: 8192, candidatesTokenCount: 6, totalTokenCount: 12820, thoughtsTokenCount: 310 }) }],
        [null, { ...gChunk([{ functionCall: { name: 'read_file', args: { path: 'calc.js' } }, thoughtSignature: 'CiQfixture' }, { functionCall: { name: 'read_file', args: { path: 'test.js' } } }], { finishReason: 'STOP' }), usageMetadata: gUsage({ promptTokenCount: 12500, cachedContentTokenCount: 8192, candidatesTokenCount: 85, totalTokenCount: 12895, thoughtsTokenCount: 310 }) }],
      ]),
    },
    send: (b) => post(`${b}/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse`, geminiRequest),
  },
  {
    file: 'gemini/stream-array-long-prompt.json',
    description: 'JSON-array stream (no alt=sse) with a >200k-token prompt',
    response: {
      headers: JSON_CT,
      body: `[${json({ ...gChunk([{ text: 'The repository ' }]), usageMetadata: gUsage({ promptTokenCount: 245000, totalTokenCount: 245000 }) })}\n,\r\n${json({ ...gChunk([{ text: 'is large.' }], { finishReason: 'STOP' }), usageMetadata: gUsage({ promptTokenCount: 245000, candidatesTokenCount: 120, totalTokenCount: 245120 }) })}]`,
    },
    send: (b) => post(`${b}/v1beta/models/gemini-2.5-pro:streamGenerateContent`, { contents: [{ role: 'user', parts: [{ text: 'Summarize this repository.' }] }] }),
  },
  {
    file: 'gemini/nonstream-text.json',
    description: 'generateContent, one JSON response',
    response: { headers: JSON_CT, body: json({ ...gChunk([{ text: 'Use + instead of -.' }], { finishReason: 'STOP' }), modelVersion: 'gemini-2.5-flash', usageMetadata: gUsage({ promptTokenCount: 320, candidatesTokenCount: 9, totalTokenCount: 329 }) }) },
    send: (b) => post(`${b}/v1beta/models/gemini-2.5-flash:generateContent`, { contents: [{ role: 'user', parts: [{ text: 'How do I fix calc.js?' }] }] }),
  },
  {
    file: 'gemini/stream-array-cut.json',
    description: 'JSON-array stream reset inside its second element: the first element is used, incomplete',
    response: { headers: JSON_CT, body: `[${json({ ...gChunk([{ text: 'Reading ' }]), usageMetadata: gUsage({ promptTokenCount: 900, totalTokenCount: 900 }) })}\n,\r\n${json({ ...gChunk([{ text: 'the file now.' }], { finishReason: 'STOP' }) })}]`, cutAt: -40 },
    send: (b) => post(`${b}/v1beta/models/gemini-2.5-pro:streamGenerateContent`, geminiRequest),
  },
  {
    file: 'gemini/error-429.json',
    description: 'quota exceeded: HTTP 429 with the Google error body',
    response: { status: 429, headers: JSON_CT, body: json({ error: { code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED' } }) },
    send: (b) => post(`${b}/v1beta/models/gemini-2.5-pro:generateContent`, geminiRequest),
  },
  {
    file: 'gemini/code-assist-stream.json',
    description: 'Gemini CLI signed in with Google: /v1internal, request and chunks wrapped',
    response: { headers: SSE, body: sse([[null, { response: { ...gChunk([{ text: 'Done.' }], { finishReason: 'STOP' }), usageMetadata: gUsage({ promptTokenCount: 4000, cachedContentTokenCount: 3000, candidatesTokenCount: 2, thoughtsTokenCount: 40, totalTokenCount: 4042 }) }, traceId: 'fx-trace' }]]) },
    send: (b) => post(`${b}/v1internal:streamGenerateContent?alt=sse`, { model: 'gemini-2.5-pro', project: 'fixture-project', user_prompt_id: 'fx-1', request: geminiRequest }),
  },
];

function respond(res: http.ServerResponse, c: Canned): void {
  const body = c.gzip ? zlib.gzipSync(c.body) : Buffer.from(c.body);
  res.writeHead(c.status ?? 200, { ...(c.headers ?? {}), ...(c.gzip ? { 'content-encoding': 'gzip' } : {}) });
  if (c.cutAt === undefined) return void res.end(body);
  res.write(body.subarray(0, c.cutAt));
  setTimeout(() => res.destroy(), 20);
}

function fixtureOf(c: Case, seen: Seen): Record<string, unknown> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(seen.headers).sort()) {
    if (SECRET_HEADERS.test(k)) headers[k] = '[redacted]';
    else if (KEPT_HEADERS.test(k)) headers[k] = v;
  }
  const encoded = c.response.gzip ? zlib.gzipSync(c.response.body) : null;
  let requestBody: unknown = seen.body;
  try {
    requestBody = JSON.parse(seen.body);
  } catch (err) {
    void err; // not JSON: kept as the string it was
  }
  return {
    description: c.description,
    method: seen.method,
    path: seen.path,
    requestHeaders: headers,
    requestBody,
    status: c.response.status ?? 200,
    responseHeaders: { ...(c.response.headers ?? {}), ...(encoded ? { 'content-encoding': 'gzip' } : {}) },
    ...(encoded ? { responseBodyBase64: encoded.toString('base64') } : { responseBody: c.response.cutAt === undefined ? c.response.body : c.response.body.slice(0, c.response.cutAt) }),
    complete: c.response.cutAt === undefined,
  };
}

async function main(): Promise<void> {
  let current: Case | null = null;
  let seen: Seen | null = null;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
      seen = { method: req.method ?? 'GET', path: req.url ?? '/', headers, body: Buffer.concat(chunks).toString('utf8') };
      if (current) respond(res, current.response);
      else res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const c of CASES) {
    current = c;
    seen = null;
    await c.send(base).catch((err: unknown) => process.stderr.write(`  (${c.file}: the client failed as expected: ${String(err).slice(0, 80)})\n`));
    if (!seen) throw new Error(`${c.file}: no request reached the server`);
    const file = path.join('fixtures', 'wire', c.file);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(fixtureOf(c, seen), null, 1)}\n`);
    process.stdout.write(`wrote ${file}\n`);
  }
  server.close();
}

await main();
