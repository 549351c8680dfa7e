import type { NormalizedCall, ThreadHints, ToolCall } from '../../domain/llm-call.js';
import { usageFromInclusive, type Usage } from '../../domain/usage.js';
import { arr, isObj, num, obj, str, type Obj } from './json-access.js';
import { contentText } from './openai-chat.js';
import { eventJson, parseSse, tryJson } from './sse.js';
import { summarizeRequest, toolCall, type CommonMessage } from './summary.js';
import { callFromFold, viewResponse, type Folded } from './envelope.js';
import type { WireExchange, WireParser } from './types.js';

const CALL_TYPES = new Set(['function_call', 'custom_tool_call', 'local_shell_call', 'computer_call']);
const OUTPUT_TYPES = new Set(['function_call_output', 'custom_tool_call_output', 'local_shell_call_output', 'computer_call_output']);

function outputText(v: unknown): string {
  return typeof v === 'string' ? v : contentText(v) || JSON.stringify(v ?? '');
}

/** A call item's arguments as text: JSON text for function calls, the raw input for custom (free-form) tools. */
function callArgs(it: Obj): string {
  return str(it['arguments']) ?? str(it['input']) ?? JSON.stringify(it['action'] ?? {});
}

/** A call item's tool name; a call into a namespace tool (Codex `collaboration`) is named `namespace.name`. */
function callName(it: Obj): string {
  const name = str(it['name']) ?? str(it['type']) ?? '';
  const ns = str(it['namespace']);
  return ns ? `${ns}.${name}` : name;
}

/** Declared tool names; the functions inside a `type: namespace` tool are listed as `namespace.name`. */
export function declaredTools(tools: unknown): string[] {
  return arr(tools).flatMap((t) => {
    const o = obj(t);
    const name = str(o['name']) ?? str(o['type']) ?? '';
    if (o['type'] === 'namespace') return arr(o['tools']).map((u) => `${name}.${str(obj(u)['name']) ?? ''}`);
    return name ? [name] : [];
  });
}

function callOf(it: Obj): ToolCall {
  return toolCall(str(it['call_id']) ?? str(it['id']) ?? '', callName(it), callArgs(it));
}

/**
 * Responses input items → common messages. Consecutive assistant-side items (message, reasoning, calls) form one
 * assistant turn, as one message; each tool output is a tool message. The API has no error flag on tool outputs,
 * so their isError is false. With `previous_response_id` the earlier history lives on the server: only what this
 * request sends is counted.
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
        names.set(id, callName(it));
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

/** All text the request sends: instructions, item texts, call arguments, tool outputs, tool definitions. */
function requestText(req: Obj, messages: readonly CommonMessage[]): string {
  const parts: string[] = [str(req['instructions']) ?? ''];
  for (const it of arr(req['input']).map(obj)) if (CALL_TYPES.has(str(it['type']) ?? '')) parts.push(callArgs(it));
  for (const m of messages) parts.push(m.text, ...m.toolResults.map((r) => r.text));
  if (arr(req['tools']).length > 0) parts.push(JSON.stringify(req['tools']));
  return parts.filter(Boolean).join('\n');
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

/** Why the response stopped: its status, or for an incomplete one the reason (max_output_tokens, content_filter). */
function stopReasonOf(r: Obj): string | null {
  return str(obj(r['incomplete_details'])['reason']) ?? str(r['status']) ?? null;
}

/** A whole response object (non-stream body, or the one a terminal stream event carries). */
function fromResponse(r: Obj): Folded {
  const f: Folded = { model: str(r['model']) ?? null, text: '', toolCalls: [], stopReason: stopReasonOf(r), usage: null, ended: true, error: null };
  if (isObj(r['usage'])) f.usage = r['usage'];
  for (const it of arr(r['output']).map(obj)) {
    const type = str(it['type']) ?? '';
    if (type === 'message') f.text += contentText(it['content']);
    else if (CALL_TYPES.has(type)) f.toolCalls.push(callOf(it));
  }
  if (isObj(r['error'])) f.error = { type: str(r['error']['code']) ?? str(r['error']['type']) ?? null, message: str(r['error']['message']) ?? 'response failed' };
  return f;
}

/** Output items as a stream builds them: added, extended by argument/input deltas, replaced when done. */
function applyItemEvent(items: Map<number, Obj>, type: string, d: Obj): void {
  const index = num(d['output_index']);
  if ((type === 'response.output_item.added' || type === 'response.output_item.done') && isObj(d['item'])) {
    items.set(index, { ...d['item'] });
    return;
  }
  const item = items.get(index);
  if (!item) return;
  if (type === 'response.function_call_arguments.delta') item['arguments'] = (str(item['arguments']) ?? '') + (str(d['delta']) ?? '');
  else if (type === 'response.function_call_arguments.done') item['arguments'] = str(d['arguments']) ?? item['arguments'];
  else if (type === 'response.custom_tool_call_input.delta') item['input'] = (str(item['input']) ?? '') + (str(d['delta']) ?? '');
  else if (type === 'response.custom_tool_call_input.done') item['input'] = str(d['input']) ?? item['input'];
}

/**
 * A stream's terminal event (response.completed / .incomplete / .failed) carries the whole response. Its output
 * list may be empty (the ChatGPT Codex backend sends items only as events), and a cut stream has no terminal event:
 * then the text deltas and the items built from the events stand in.
 */
function foldStream(text: string): Folded {
  let final: Folded | null = null;
  let model: string | null = null;
  let streamedText = '';
  let error: Folded['error'] = null;
  const items = new Map<number, Obj>();
  for (const ev of parseSse(text).events) {
    const parsed = eventJson(ev);
    if (!isObj(parsed)) continue;
    const d = parsed;
    const type = str(d['type']) ?? ev.event ?? '';
    if (type === 'response.created' || type === 'response.in_progress') model = str(obj(d['response'])['model']) ?? model;
    else if (type === 'response.output_text.delta') streamedText += str(d['delta']) ?? '';
    else if (type.startsWith('response.output_item.') || type.startsWith('response.function_call_arguments.') || type.startsWith('response.custom_tool_call_input.')) {
      applyItemEvent(items, type, d);
    } else if (type === 'response.completed' || type === 'response.incomplete' || type === 'response.failed') {
      final = fromResponse(obj(d['response']));
      if (type === 'response.failed') final.error ??= { type: null, message: 'response failed' };
    } else if (type === 'error') {
      const e = isObj(d['error']) ? d['error'] : d;
      error = { type: str(e['code']) ?? str(e['type']) ?? null, message: str(e['message']) ?? 'stream error' };
    }
    // response.reasoning_*, content_part, output_text.done, annotations and unknown events carry nothing we keep
  }
  const fromItems = fromResponse({ output: [...items.entries()].sort((a, b) => a[0] - b[0]).map(([, it]) => it) });
  if (final) {
    return {
      ...final,
      model: final.model ?? model,
      text: final.text || streamedText || fromItems.text,
      toolCalls: final.toolCalls.length > 0 ? final.toolCalls : fromItems.toolCalls,
      error: final.error ?? error,
    };
  }
  return { model, text: streamedText || fromItems.text, toolCalls: fromItems.toolCalls, stopReason: null, usage: null, ended: false, error };
}

function parse(x: WireExchange, hints: ThreadHints): NormalizedCall {
  const req = obj(tryJson(x.requestBody.toString('utf8')));
  const modelRequested = str(req['model']) ?? null;
  const common = toCommon(req['input']);
  const tools = declaredTools(req['tools']);
  const text = requestText(req, common);
  const request = summarizeRequest(common, req['instructions'] ?? null, tools, text.length, modelRequested);
  const view = viewResponse(x);
  const isCount = /\/responses\/input_tokens(\?|$)/.test(x.path);
  const json = view.json;
  const folded = !view.ok || isCount ? null : view.isSse ? foldStream(view.text) : { ...fromResponse(obj(json)), ended: isObj(json) };
  return callFromFold(x, isCount ? { ...hints, auxiliary: 'token_count' } : hints, {
    api: 'openai-responses',
    provider: 'openai',
    modelRequested,
    stream: req['stream'] === true || view.isSse,
    request,
    requestText: text,
    view,
    folded,
    toUsage: openaiResponsesUsage,
    noUsage: isCount,
  });
}

/** POST …/responses (OpenAI /v1, ChatGPT's /backend-api/codex, proxies), and …/responses/input_tokens (a count). */
export const openaiResponses: WireParser = {
  api: 'openai-responses',
  provider: 'openai',
  matches: (x) => x.method === 'POST' && /\/responses(\/input_tokens)?(\?|$)/.test(x.path),
  parse,
};
