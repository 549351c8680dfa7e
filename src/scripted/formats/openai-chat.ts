import type { ServerResponse } from 'node:http';
import { arr, obj, str } from '../../capture/wire/json-access.js';
import { contentText } from '../../capture/wire/openai-chat.js';
import { deltas, type Plan } from '../plan.js';
import { classifyTools, type TurnContext } from '../turn.js';
import { sse, type CutFn } from './sse-writer.js';

export function readOpenaiChat(body: unknown): TurnContext & { includeUsage: boolean } {
  const req = obj(body);
  const messages = arr(req['messages']).map(obj);
  const tools = arr(req['tools']).map((t) => str(obj(obj(t)['function'])['name']) ?? '').filter(Boolean);
  let lastAssistant = -1;
  messages.forEach((m, i) => {
    if (m['role'] === 'assistant') lastAssistant = i;
  });
  const users = messages.filter((m) => m['role'] === 'user').map((m) => contentText(m['content'])).filter((t) => t.trim());
  return {
    api: 'openai-chat',
    model: str(req['model']) ?? 'gpt-4.1-mini',
    stream: req['stream'] === true,
    includeUsage: obj(req['stream_options'])['include_usage'] === true,
    tools,
    ...classifyTools(tools),
    assistantTurns: messages.filter((m) => m['role'] === 'assistant').length,
    toolResults: messages
      .slice(lastAssistant + 1)
      .filter((m) => m['role'] === 'tool')
      .map((m) => ({ id: str(m['tool_call_id']) ?? '', text: contentText(m['content']) })),
    firstUserText: users[0] ?? '',
    lastUserText: users[users.length - 1] ?? '',
    systemText: messages.filter((m) => m['role'] === 'system' || m['role'] === 'developer').map((m) => contentText(m['content'])).join('\n'),
  };
}

function usage(p: Plan): Record<string, unknown> {
  const prompt = p.input.uncached + p.input.cacheRead;
  return {
    prompt_tokens: prompt,
    completion_tokens: p.outputTokens,
    total_tokens: prompt + p.outputTokens,
    prompt_tokens_details: { cached_tokens: p.input.cacheRead, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: p.reasoningTokens, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

export function writeOpenaiChat(res: ServerResponse, p: Plan, stream: boolean, id: string, cut: CutFn): void {
  const created = Math.floor(Date.now() / 1000);
  const finish = p.toolCalls.length ? 'tool_calls' : 'stop';
  const toolCalls = p.toolCalls.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: t.argsJson } }));
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req_${id}` });
    const message = { role: 'assistant', content: p.text || null, refusal: null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) };
    res.end(JSON.stringify({ id, object: 'chat.completion', created, model: p.model, choices: [{ index: 0, message, logprobs: null, finish_reason: finish }], usage: usage(p), system_fingerprint: 'fp_scripted' }));
    return;
  }
  const w = sse(res, { 'x-request-id': `req_${id}` }, cut);
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model: p.model,
    system_fingerprint: 'fp_scripted',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });
  w.event(null, chunk({ role: 'assistant', content: '', refusal: null }));
  for (const d of deltas(p.text)) w.event(null, chunk({ content: d }));
  p.toolCalls.forEach((t, index) => {
    w.event(null, chunk({ tool_calls: [{ index, id: t.id, type: 'function', function: { name: t.name, arguments: '' } }] }));
    for (const d of deltas(t.argsJson, 20)) w.event(null, chunk({ tool_calls: [{ index, function: { arguments: d } }] }));
  });
  w.event(null, chunk({}, finish), true);
  if (p.includeUsage) w.event(null, { id, object: 'chat.completion.chunk', created, model: p.model, choices: [], usage: usage(p) }, true);
  w.event(null, '[DONE]', true);
  w.end();
}

export function openaiError(type: string, message: string, code: string | null = null): string {
  return JSON.stringify({ error: { message, type, param: null, code } });
}
