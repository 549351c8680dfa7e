import type { NormalizedCall, ThreadHints } from '../../domain/llm-call.js';
import { usageFromInclusive, type Usage } from '../../domain/usage.js';
import { arr, isObj, num, obj, str, type Obj } from './json-access.js';
import { eventJson, parseSse, tryJson } from './sse.js';
import { summarizeRequest, toolCall, type CommonMessage } from './summary.js';
import { callFromFold, viewResponse, type Folded } from './envelope.js';
import type { WireExchange, WireParser } from './types.js';

/** Visible text of a chat/Responses content value: a string, or parts with `text` (images and audio ignored). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  return arr(content)
    .map((p) => {
      const o = obj(p);
      return str(o['text']) ?? (typeof o['content'] === 'string' ? o['content'] : '');
    })
    .filter(Boolean)
    .join('\n');
}

/**
 * Chat messages → common ones; system/developer messages are also collected as the system prompt. Tool results are
 * named after the assistant tool call they answer; chat has no error flag for them (isError false).
 */
function toCommon(messages: unknown[]): { common: CommonMessage[]; system: string[] } {
  const names = new Map<string, string>();
  const system: string[] = [];
  const common: CommonMessage[] = [];
  for (const m of messages) {
    const msg = obj(m);
    const role = str(msg['role']) ?? 'user';
    const calls = arr(msg['tool_calls']).map(obj);
    for (const c of calls) names.set(str(c['id']) ?? '', str(obj(c['function'])['name']) ?? '');
    if (role === 'system' || role === 'developer') system.push(contentText(msg['content']));
    const id = str(msg['tool_call_id']) ?? '';
    common.push({
      role: role === 'assistant' ? 'assistant' : role === 'tool' || role === 'function' ? 'tool' : role === 'user' ? 'user' : 'system',
      text: role === 'tool' ? '' : contentText(msg['content']),
      toolCallIds: calls.map((c) => str(c['id']) ?? ''),
      toolResults: role === 'tool' ? [{ id, name: names.get(id) ?? null, text: contentText(msg['content']), isError: false }] : [],
      raw: m,
    });
  }
  return { common, system };
}

/** OpenAI Chat usage → ours: prompt_tokens INCLUDES cached_tokens; reasoning_tokens are inside completion_tokens. */
export function openaiChatUsage(u: Obj): Usage {
  return usageFromInclusive({
    input: num(u['prompt_tokens']),
    cached: num(obj(u['prompt_tokens_details'])['cached_tokens']),
    output: num(u['completion_tokens']),
    reasoning: num(obj(u['completion_tokens_details'])['reasoning_tokens']),
  });
}

/** A tool call being assembled from stream fragments. */
interface CallDraft {
  id: string;
  name: string;
  args: string;
}

/**
 * Which draft a tool-call fragment extends: by its `index` (OpenAI); some compatible servers omit the index, then a
 * new id opens a new call and a fragment without one continues the last call.
 */
function draftFor(calls: Map<number, CallDraft>, tc: Obj): CallDraft {
  const id = str(tc['id']);
  let idx: number;
  if (typeof tc['index'] === 'number') idx = tc['index'];
  else {
    const known = [...calls.entries()].find(([, c]) => id !== undefined && c.id === id);
    idx = known ? known[0] : id !== undefined || calls.size === 0 ? calls.size : calls.size - 1;
  }
  const draft = calls.get(idx) ?? { id: '', name: '', args: '' };
  calls.set(idx, draft);
  return draft;
}

/**
 * Folds chunks: text deltas concatenate, tool call fragments join by index, usage comes in a final chunk with empty
 * choices when stream_options.include_usage was set; `data: [DONE]` ends the stream; an `error` chunk is an error.
 */
function foldStream(text: string): Folded {
  const f: Folded = { model: null, text: '', toolCalls: [], stopReason: null, usage: null, ended: false, error: null };
  const calls = new Map<number, CallDraft>();
  for (const ev of parseSse(text).events) {
    if (ev.data.split('\n').pop()?.trim() === '[DONE]') {
      f.ended = true;
      continue;
    }
    const d = eventJson(ev);
    if (!isObj(d)) continue;
    if (isObj(d['error'])) {
      f.error = { type: str(d['error']['type']) ?? str(d['error']['code']) ?? null, message: str(d['error']['message']) ?? 'stream error' };
      continue;
    }
    f.model = str(d['model']) ?? f.model;
    if (isObj(d['usage'])) f.usage = d['usage'];
    const choices = arr(d['choices']).map(obj);
    const choice = choices.find((c) => c['index'] === 0) ?? choices[0] ?? {};
    const delta = obj(choice['delta']);
    f.text += str(delta['content']) ?? '';
    f.stopReason = str(choice['finish_reason']) ?? f.stopReason;
    for (const tc of arr(delta['tool_calls']).map(obj)) {
      const draft = draftFor(calls, tc);
      const fn = obj(tc['function']);
      draft.id = str(tc['id']) ?? draft.id;
      // OpenAI sends the name once; servers that repeat it in every fragment must not double it
      draft.name = draft.name || (str(fn['name']) ?? '');
      draft.args += str(fn['arguments']) ?? '';
    }
  }
  f.toolCalls = [...calls.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => toolCall(c.id, c.name, c.args));
  return f;
}

/** A whole chat.completion; an unparsable body (cut off) folds to nothing, not ended. */
function foldJson(json: unknown): Folded {
  const body = obj(json);
  const choice = obj(arr(body['choices'])[0]);
  const msg = obj(choice['message']);
  return {
    model: str(body['model']) ?? null,
    text: contentText(msg['content']),
    toolCalls: arr(msg['tool_calls'])
      .map(obj)
      .map((c) => toolCall(str(c['id']) ?? '', str(obj(c['function'])['name']) ?? '', str(obj(c['function'])['arguments']) ?? '')),
    stopReason: str(choice['finish_reason']) ?? null,
    usage: isObj(body['usage']) ? body['usage'] : null,
    ended: isObj(json),
  };
}

/** All text the request sends to the model: message contents, tool call arguments, tool definitions. */
function requestText(req: Obj): string {
  const parts: string[] = [];
  for (const m of arr(req['messages']).map(obj)) {
    parts.push(contentText(m['content']));
    for (const c of arr(m['tool_calls']).map(obj)) parts.push(str(obj(c['function'])['arguments']) ?? '');
  }
  if (arr(req['tools']).length > 0) parts.push(JSON.stringify(req['tools']));
  return parts.filter(Boolean).join('\n');
}

function parse(x: WireExchange, hints: ThreadHints): NormalizedCall {
  const req = obj(tryJson(x.requestBody.toString('utf8')));
  // Azure names the deployment in the path and may send no model in the body
  const modelRequested = str(req['model']) ?? /\/deployments\/([^/?]+)\//.exec(x.path)?.[1] ?? null;
  const { common, system } = toCommon(arr(req['messages']));
  const tools = arr(req['tools']).map((t) => str(obj(obj(t)['function'])['name']) ?? str(obj(t)['name']) ?? '').filter(Boolean);
  const text = requestText(req);
  const request = summarizeRequest(common, system.length ? system.join('\n') : null, tools, text.length, modelRequested);
  const view = viewResponse(x);
  const folded = view.ok ? (view.isSse ? foldStream(view.text) : foldJson(view.json)) : null;
  return callFromFold(x, hints, {
    api: 'openai-chat',
    provider: 'openai',
    modelRequested,
    stream: req['stream'] === true || view.isSse,
    request,
    requestText: text,
    view,
    folded,
    toUsage: openaiChatUsage,
  });
}

/** POST …/chat/completions: OpenAI (/v1), compatible servers without /v1, Azure's …/deployments/{name}/chat/completions. */
export const openaiChat: WireParser = {
  api: 'openai-chat',
  provider: 'openai',
  matches: (x) => x.method === 'POST' && /\/chat\/completions(\?|$)/.test(x.path),
  parse,
};
