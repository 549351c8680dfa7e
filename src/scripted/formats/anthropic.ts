import type { ServerResponse } from 'node:http';
import { arr, isObj, obj, str } from '../../capture/wire/json-access.js';
import { deltas, type Plan } from '../plan.js';
import { classifyTools, type TurnContext } from '../turn.js';
import { sse, type CutFn } from './sse-writer.js';

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  return arr(content).map((b) => (isObj(b) && b['type'] === 'text' ? (str(b['text']) ?? '') : '')).join('\n');
}

export function readAnthropic(body: unknown): TurnContext {
  const req = obj(body);
  const messages = arr(req['messages']).map(obj);
  const tools = arr(req['tools']).map((t) => str(obj(t)['name']) ?? '').filter(Boolean);
  const last = messages[messages.length - 1];
  const users = messages.filter((m) => m['role'] === 'user').map((m) => text(m['content'])).filter((t) => t.trim());
  return {
    api: 'anthropic',
    model: str(req['model']) ?? 'claude-sonnet-4-5',
    stream: req['stream'] === true,
    tools,
    ...classifyTools(tools),
    assistantTurns: messages.filter((m) => m['role'] === 'assistant').length,
    toolResults: arr(last?.['content'])
      .map(obj)
      .filter((b) => b['type'] === 'tool_result')
      .map((b) => ({ id: str(b['tool_use_id']) ?? '', text: text(b['content']) })),
    firstUserText: users[0] ?? '',
    lastUserText: users[users.length - 1] ?? '',
    systemText: text(req['system']),
  };
}

function usage(p: Plan): Record<string, unknown> {
  return {
    input_tokens: p.input.uncached,
    cache_creation_input_tokens: p.input.cacheWrite5m + p.input.cacheWrite1h,
    cache_read_input_tokens: p.input.cacheRead,
    cache_creation: { ephemeral_5m_input_tokens: p.input.cacheWrite5m, ephemeral_1h_input_tokens: p.input.cacheWrite1h },
    output_tokens: p.outputTokens,
    service_tier: 'standard',
  };
}

function content(p: Plan): Record<string, unknown>[] {
  return [
    ...(p.text ? [{ type: 'text', text: p.text }] : []),
    ...p.toolCalls.map((t) => ({ type: 'tool_use', id: t.id, name: t.name, input: JSON.parse(t.argsJson) as unknown })),
  ];
}

const stopReason = (p: Plan): string => (p.toolCalls.length ? 'tool_use' : 'end_turn');

export function writeAnthropic(res: ServerResponse, p: Plan, stream: boolean, id: string, cut: CutFn): void {
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_${id}` });
    res.end(JSON.stringify({ id, type: 'message', role: 'assistant', model: p.model, content: content(p), stop_reason: stopReason(p), stop_sequence: null, usage: usage(p) }));
    return;
  }
  const w = sse(res, { 'request-id': `req_${id}` }, cut);
  const start = { ...usage(p), output_tokens: 1 };
  w.event('message_start', { type: 'message_start', message: { id, type: 'message', role: 'assistant', model: p.model, content: [], stop_reason: null, stop_sequence: null, usage: start } });
  let index = 0;
  if (p.text) {
    w.event('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
    w.event('ping', { type: 'ping' });
    for (const d of deltas(p.text)) w.event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: d } });
    w.event('content_block_stop', { type: 'content_block_stop', index });
    index++;
  }
  for (const t of p.toolCalls) {
    w.event('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: t.id, name: t.name, input: {} } });
    for (const d of deltas(t.argsJson, 20)) w.event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: d } });
    w.event('content_block_stop', { type: 'content_block_stop', index });
    index++;
  }
  w.event('message_delta', { type: 'message_delta', delta: { stop_reason: stopReason(p), stop_sequence: null }, usage: { output_tokens: p.outputTokens } }, true);
  w.event('message_stop', { type: 'message_stop' }, true);
  w.end();
}

export function anthropicError(status: number, type: string, message: string): string {
  return JSON.stringify({ type: 'error', error: { type, message } });
}
