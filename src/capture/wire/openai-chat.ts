import type { ThreadHints } from '../../domain/llm-call.js';
import { usageFromInclusive, type Usage } from '../../domain/usage.js';
import { arr, isObj, num, obj, str, type Obj } from './json-access.js';
import { parseSse, tryJson } from './sse.js';
import { summarizeRequest, toolCall, type CommonMessage } from './summary.js';
import { callFromFold, viewResponse, type Folded } from './envelope.js';
import type { WireExchange, WireParser } from './types.js';

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

/** Folds chunks: text deltas concatenate, tool call fragments join by index, usage comes in a final chunk if asked. */
function foldStream(text: string): Folded {
  const f: Folded = { model: null, text: '', toolCalls: [], stopReason: null, usage: null, ended: false };
  const calls = new Map<number, { id: string; name: string; args: string }>();
  for (const ev of parseSse(text).events) {
    if (ev.data.trim() === '[DONE]') {
      f.ended = true;
      continue;
    }
    const d = tryJson(ev.data);
    if (!isObj(d)) continue;
    f.model = str(d['model']) ?? f.model;
    if (isObj(d['usage'])) f.usage = d['usage'];
    const choice = obj(arr(d['choices'])[0]);
    const delta = obj(choice['delta']);
    f.text += str(delta['content']) ?? '';
    f.stopReason = str(choice['finish_reason']) ?? f.stopReason;
    for (const tc of arr(delta['tool_calls']).map(obj)) {
      const idx = num(tc['index']);
      const cur = calls.get(idx) ?? { id: '', name: '', args: '' };
      const fn = obj(tc['function']);
      cur.id = str(tc['id']) ?? cur.id;
      cur.name += str(fn['name']) ?? '';
      cur.args += str(fn['arguments']) ?? '';
      calls.set(idx, cur);
    }
  }
  f.toolCalls = [...calls.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => toolCall(c.id, c.name, c.args));
  return f;
}

function foldJson(body: Obj): Folded {
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
    ended: true,
  };
}

function parse(x: WireExchange, hints: ThreadHints) {
  const reqText = x.requestBody.toString('utf8');
  const req = obj(tryJson(reqText));
  const modelRequested = str(req['model']) ?? null;
  const { common, system } = toCommon(arr(req['messages']));
  const tools = arr(req['tools']).map((t) => str(obj(obj(t)['function'])['name']) ?? str(obj(t)['name']) ?? '').filter(Boolean);
  const request = summarizeRequest(common, system.length ? system.join('\n') : null, tools, reqText.length, modelRequested);
  const view = viewResponse(x);
  const folded = view.ok ? (view.isSse ? foldStream(view.text) : foldJson(obj(view.json))) : null;
  return callFromFold(x, hints, {
    api: 'openai-chat',
    provider: 'openai',
    modelRequested,
    stream: req['stream'] === true,
    request,
    requestText: reqText,
    view,
    folded,
    toUsage: openaiChatUsage,
  });
}

export const openaiChat: WireParser = {
  api: 'openai-chat',
  provider: 'openai',
  matches: (x) => x.method === 'POST' && /\/chat\/completions(\?|$)/.test(x.path),
  parse,
};
