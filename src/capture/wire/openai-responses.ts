import type { ThreadHints } from '../../domain/llm-call.js';
import { usageFromInclusive, type Usage } from '../../domain/usage.js';
import { arr, isObj, num, obj, str, type Obj } from './json-access.js';
import { contentText } from './openai-chat.js';
import { parseSse, tryJson } from './sse.js';
import { summarizeRequest, toolCall, type CommonMessage } from './summary.js';
import { callFromFold, viewResponse, type Folded } from './envelope.js';
import type { WireExchange, WireParser } from './types.js';

const CALL_TYPES = new Set(['function_call', 'custom_tool_call', 'local_shell_call', 'computer_call']);
const OUTPUT_TYPES = new Set(['function_call_output', 'custom_tool_call_output', 'local_shell_call_output', 'computer_call_output']);

function outputText(v: unknown): string {
  return typeof v === 'string' ? v : contentText(v) || JSON.stringify(v ?? '');
}

/**
 * Responses input items → common messages. Consecutive assistant-side items (message, reasoning, calls) form one
 * assistant turn, as one message; each tool output is a tool message.
 */
function toCommon(input: unknown): CommonMessage[] {
  if (typeof input === 'string') return [{ role: 'user', text: input, toolCallIds: [], toolResults: [], raw: input }];
  const out: CommonMessage[] = [];
  const names = new Map<string, string>();
  let turn: CommonMessage | null = null;
  for (const item of arr(input)) {
    const it = obj(item);
    const type = str(it['type']) ?? 'message';
    const role = str(it['role']);
    const assistantSide = CALL_TYPES.has(type) || type === 'reasoning' || (type === 'message' && role === 'assistant');
    if (assistantSide) {
      if (!turn) {
        turn = { role: 'assistant', text: '', toolCallIds: [], toolResults: [], raw: [] };
        out.push(turn);
      }
      (turn.raw as unknown[]).push(item);
      if (CALL_TYPES.has(type)) {
        const id = str(it['call_id']) ?? str(it['id']) ?? '';
        turn.toolCallIds.push(id);
        names.set(id, str(it['name']) ?? type);
      } else if (type === 'message') turn.text += contentText(it['content']);
      continue;
    }
    turn = null;
    if (OUTPUT_TYPES.has(type)) {
      const id = str(it['call_id']) ?? '';
      out.push({ role: 'tool', text: '', toolCallIds: [], toolResults: [{ id, name: names.get(id) ?? null, text: outputText(it['output']), isError: false }], raw: item });
    } else {
      const r = role === 'system' || role === 'developer' ? 'system' : 'user';
      out.push({ role: r, text: contentText(it['content']), toolCallIds: [], toolResults: [], raw: item });
    }
  }
  return out;
}

/** Responses usage → ours: input_tokens INCLUDES cached_tokens; reasoning_tokens are inside output_tokens. */
export function openaiResponsesUsage(u: Obj): Usage {
  return usageFromInclusive({
    input: num(u['input_tokens']),
    cached: num(obj(u['input_tokens_details'])['cached_tokens']),
    output: num(u['output_tokens']),
    reasoning: num(obj(u['output_tokens_details'])['reasoning_tokens']),
  });
}

function fromResponse(r: Obj): Folded {
  const f: Folded = { model: str(r['model']) ?? null, text: '', toolCalls: [], stopReason: str(r['status']) ?? null, usage: null, ended: true, error: null };
  if (isObj(r['usage'])) f.usage = r['usage'];
  for (const it of arr(r['output']).map(obj)) {
    const type = str(it['type']) ?? '';
    if (type === 'message') f.text += contentText(it['content']);
    else if (CALL_TYPES.has(type)) {
      const args = str(it['arguments']) ?? str(it['input']) ?? JSON.stringify(it['action'] ?? {});
      f.toolCalls.push(toolCall(str(it['call_id']) ?? str(it['id']) ?? '', str(it['name']) ?? type, args));
    }
  }
  if (isObj(r['error'])) f.error = { type: str(r['error']['code']) ?? null, message: str(r['error']['message']) ?? 'response failed' };
  return f;
}

/** A stream's terminal event carries the whole response; without one, the finished output items are used. */
function foldStream(text: string): Folded {
  let final: Folded | null = null;
  const partial: Folded = { model: null, text: '', toolCalls: [], stopReason: null, usage: null, ended: false, error: null };
  const doneItems: Obj[] = [];
  for (const ev of parseSse(text).events) {
    const d = obj(tryJson(ev.data));
    const type = str(d['type']) ?? ev.event ?? '';
    if (type === 'response.created' || type === 'response.in_progress') partial.model = str(obj(d['response'])['model']) ?? partial.model;
    else if (type === 'response.output_item.done' && isObj(d['item'])) doneItems.push(d['item']);
    else if (type === 'response.output_text.delta') partial.text += str(d['delta']) ?? '';
    else if (type === 'response.completed' || type === 'response.incomplete' || type === 'response.failed') {
      final = fromResponse(obj(d['response']));
      final.stopReason = type.slice('response.'.length);
    } else if (type === 'error') partial.error = { type: str(d['code']) ?? null, message: str(d['message']) ?? 'stream error' };
  }
  if (final) return final;
  const fromItems = fromResponse({ output: doneItems });
  return { ...partial, toolCalls: fromItems.toolCalls, text: partial.text || fromItems.text };
}

function parse(x: WireExchange, hints: ThreadHints) {
  const reqText = x.requestBody.toString('utf8');
  const req = obj(tryJson(reqText));
  const modelRequested = str(req['model']) ?? null;
  const common = toCommon(req['input']);
  const tools = arr(req['tools']).map((t) => str(obj(t)['name']) ?? str(obj(t)['type']) ?? '').filter(Boolean);
  const request = summarizeRequest(common, req['instructions'] ?? null, tools, reqText.length, modelRequested);
  const view = viewResponse(x);
  const folded = view.ok ? (view.isSse ? foldStream(view.text) : fromResponse(obj(view.json))) : null;
  return callFromFold(x, hints, {
    api: 'openai-responses',
    provider: 'openai',
    modelRequested,
    stream: req['stream'] === true,
    request,
    requestText: reqText,
    view,
    folded,
    toUsage: openaiResponsesUsage,
  });
}

export const openaiResponses: WireParser = {
  api: 'openai-responses',
  provider: 'openai',
  matches: (x) => x.method === 'POST' && /\/responses(\?|$)/.test(x.path),
  parse,
};
