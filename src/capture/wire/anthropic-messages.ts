import type { NormalizedCall, ThreadHints } from '../../domain/llm-call.js';
import type { Usage } from '../../domain/usage.js';
import { arr, isObj, num, obj, str, type Obj } from './json-access.js';
import { eventJson, parseSse, tryJson } from './sse.js';
import { summarizeRequest, toolCall, type CommonMessage } from './summary.js';
import { callFromFold, viewResponse, type Folded } from './envelope.js';
import type { WireExchange, WireParser } from './types.js';

/**
 * Visible text of a content value (a string or blocks). Assistant text blocks are joined as they were streamed
 * (citations split one sentence into several blocks), user blocks one per line.
 */
function blockText(content: unknown, sep = ''): string {
  if (typeof content === 'string') return content;
  return arr(content)
    .map((b) => (isObj(b) && b['type'] === 'text' ? (str(b['text']) ?? '') : ''))
    .filter(Boolean)
    .join(sep);
}

/** Request messages → common ones; tool results are named after the tool_use they answer. */
function toCommon(messages: unknown[]): CommonMessage[] {
  const names = new Map<string, string>();
  return messages.map((m) => {
    const msg = obj(m);
    const role = msg['role'] === 'assistant' ? 'assistant' : msg['role'] === 'system' ? 'system' : 'user';
    const blocks = arr(msg['content']).map(obj);
    const uses = blocks.filter((b) => b['type'] === 'tool_use' || b['type'] === 'server_tool_use');
    for (const b of uses) names.set(str(b['id']) ?? '', str(b['name']) ?? '');
    return {
      role,
      text: blockText(msg['content'], role === 'assistant' ? '' : '\n'),
      toolCallIds: uses.map((b) => str(b['id']) ?? ''),
      toolResults: blocks
        .filter((b) => b['type'] === 'tool_result')
        .map((b) => {
          const id = str(b['tool_use_id']) ?? '';
          return { id, name: names.get(id) ?? null, text: blockText(b['content'], '\n'), isError: b['is_error'] === true };
        }),
      raw: m,
    };
  });
}

/** All text the request sends to the model (system, messages, tool inputs and results, tool definitions). */
function requestText(req: Obj, messages: readonly CommonMessage[]): string {
  const parts: string[] = [blockText(req['system'], '\n')];
  for (const m of arr(req['messages'])) {
    for (const b of arr(obj(m)['content']).map(obj)) {
      if (b['type'] === 'tool_use') parts.push(JSON.stringify(b['input'] ?? {}));
    }
  }
  for (const m of messages) parts.push(m.text, ...m.toolResults.map((r) => r.text));
  if (arr(req['tools']).length > 0) parts.push(JSON.stringify(req['tools']));
  return parts.filter(Boolean).join('\n');
}

/**
 * Anthropic usage → ours. input_tokens EXCLUDES cache; cache_creation may split 5m/1h writes (without the split,
 * all writes are 5m). Reasoning (thinking) tokens are inside output_tokens; newer responses report them in
 * output_tokens_details.thinking_tokens, older ones not at all: then reasoning = 0. We do not estimate it from the
 * thinking blocks, whose text is a summary of the billed reasoning (and an estimate would mark the call estimated).
 */
export function anthropicUsage(u: Obj): Usage {
  const creation = obj(u['cache_creation']);
  const w5 = creation['ephemeral_5m_input_tokens'];
  const w1 = creation['ephemeral_1h_input_tokens'];
  const split = typeof w5 === 'number' || typeof w1 === 'number';
  const output = num(u['output_tokens']);
  return {
    inputUncached: num(u['input_tokens']),
    cacheRead: num(u['cache_read_input_tokens']),
    cacheWrite5m: split ? num(w5) : num(u['cache_creation_input_tokens']),
    cacheWrite1h: split ? num(w1) : 0,
    output,
    reasoning: Math.min(output, num(obj(u['output_tokens_details'])['thinking_tokens'])),
    estimated: false,
  };
}

/** message_delta usage is cumulative: a present figure overwrites message_start's, a null or missing one keeps it. */
function mergeUsage(base: Obj | null, delta: Obj): Obj {
  const out: Obj = { ...(base ?? {}) };
  for (const [k, v] of Object.entries(delta)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

interface AnthropicFolded extends Folded {
  outputSeen: boolean;
}

/** Folds a Messages stream into one message: message_delta usage is cumulative, so it overwrites, never adds. */
function foldStream(text: string): AnthropicFolded {
  const f: AnthropicFolded = { model: null, text: '', toolCalls: [], stopReason: null, usage: null, outputSeen: false, ended: false, error: null };
  const blocks = new Map<number, { type: string; id: string; name: string; json: string; text: string }>();
  for (const ev of parseSse(text).events) {
    const parsed = eventJson(ev);
    if (!isObj(parsed)) {
      // a malformed line is skipped, but a broken error event still says the stream failed
      if (ev.event === 'error') f.error = { type: null, message: ev.data.slice(0, 300) || 'stream error' };
      continue;
    }
    const d = parsed;
    switch (str(d['type']) ?? ev.event) {
      case 'message_start': {
        const m = obj(d['message']);
        f.model = str(m['model']) ?? null;
        f.usage = isObj(m['usage']) ? { ...m['usage'] } : null;
        break;
      }
      case 'content_block_start': {
        const b = obj(d['content_block']);
        blocks.set(num(d['index']), {
          type: str(b['type']) ?? '',
          id: str(b['id']) ?? '',
          name: str(b['name']) ?? '',
          json: isObj(b['input']) && Object.keys(b['input']).length > 0 ? JSON.stringify(b['input']) : '',
          text: str(b['text']) ?? '',
        });
        break;
      }
      case 'content_block_delta': {
        const b = blocks.get(num(d['index']));
        const delta = obj(d['delta']);
        if (!b) break;
        if (delta['type'] === 'text_delta') b.text += str(delta['text']) ?? '';
        else if (delta['type'] === 'input_json_delta') b.json += str(delta['partial_json']) ?? '';
        break;
      }
      case 'message_delta': {
        const delta = obj(d['delta']);
        f.stopReason = str(delta['stop_reason']) ?? f.stopReason;
        if (isObj(d['usage'])) {
          f.usage = mergeUsage(f.usage, d['usage']);
          f.outputSeen = true;
        }
        break;
      }
      case 'message_stop':
        f.ended = true;
        break;
      case 'error': {
        const e = isObj(d['error']) ? d['error'] : d;
        f.error = { type: str(e['type']) ?? null, message: str(e['message']) ?? 'stream error' };
        break;
      }
      default:
        break; // ping and event types we do not know are skipped
    }
  }
  for (const [, b] of [...blocks.entries()].sort((a, b) => a[0] - b[0])) {
    if (b.type === 'text') f.text += b.text; // joined as the request's assistant text is (blockText), so hashes meet
    else if (b.type === 'tool_use' || b.type === 'server_tool_use') f.toolCalls.push(toolCall(b.id, b.name, b.json || '{}'));
  }
  return f;
}

/** A whole JSON message; an unparsable body (cut off) folds to nothing, not ended. */
function foldJson(json: unknown): AnthropicFolded {
  const body = obj(json);
  const content = arr(body['content']).map(obj);
  return {
    model: str(body['model']) ?? null,
    text: content.filter((b) => b['type'] === 'text').map((b) => str(b['text']) ?? '').join(''),
    toolCalls: content
      .filter((b) => b['type'] === 'tool_use' || b['type'] === 'server_tool_use')
      .map((b) => toolCall(str(b['id']) ?? '', str(b['name']) ?? '', JSON.stringify(b['input'] ?? {}))),
    stopReason: str(body['stop_reason']) ?? null,
    usage: isObj(body['usage']) ? body['usage'] : null,
    outputSeen: isObj(body['usage']),
    ended: isObj(json),
    error: null,
  };
}

function parse(x: WireExchange, hints: ThreadHints): NormalizedCall {
  const req = obj(tryJson(x.requestBody.toString('utf8')));
  const modelRequested = str(req['model']) ?? null;
  const messages = toCommon(arr(req['messages']));
  const tools = arr(req['tools']).map((t) => str(obj(t)['name']) ?? '').filter(Boolean);
  const text = requestText(req, messages);
  const request = summarizeRequest(messages, req['system'] ?? null, tools, text.length, modelRequested);
  const view = viewResponse(x);
  const isCount = /\/count_tokens(\?|$)/.test(x.path);
  const folded = view.ok ? (view.isSse ? foldStream(view.text) : foldJson(view.json)) : null;
  return callFromFold(x, isCount ? { ...hints, auxiliary: 'token_count' } : hints, {
    api: 'anthropic-messages',
    provider: 'anthropic',
    modelRequested,
    stream: req['stream'] === true || view.isSse,
    request,
    requestText: text,
    view,
    folded: folded && { ...folded, outputMissing: folded.usage !== null && !folded.outputSeen },
    toUsage: anthropicUsage,
    noUsage: isCount,
  });
}

/**
 * POST …/messages, with or without /v1 or a proxy prefix, any query (`?beta=true`), and …/messages/count_tokens
 * (a token count, not a completion). OpenAI's Assistants API also has …/threads/{id}/messages: not ours.
 */
export const anthropicMessages: WireParser = {
  api: 'anthropic-messages',
  provider: 'anthropic',
  matches: (x) => x.method === 'POST' && /\/messages(\/count_tokens)?(\?|$)/.test(x.path) && !/\/threads\//.test(x.path),
  parse,
};
