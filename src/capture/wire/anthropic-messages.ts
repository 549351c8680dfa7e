import type { ThreadHints, ToolCall } from '../../domain/llm-call.js';
import type { Usage } from '../../domain/usage.js';
import { arr, isObj, num, obj, str, type Obj } from './json-access.js';
import { parseSse, tryJson } from './sse.js';
import { summarizeRequest, toolCall, type CommonMessage } from './summary.js';
import { callFromFold, viewResponse, type Folded } from './envelope.js';
import type { WireExchange, WireParser } from './types.js';

function blockText(content: unknown): string {
  if (typeof content === 'string') return content;
  return arr(content)
    .map((b) => (isObj(b) && b['type'] === 'text' ? (str(b['text']) ?? '') : ''))
    .filter(Boolean)
    .join('\n');
}

function toCommon(m: unknown): CommonMessage {
  const msg = obj(m);
  const role = msg['role'] === 'assistant' ? 'assistant' : 'user';
  const blocks = typeof msg['content'] === 'string' ? [] : arr(msg['content']).map(obj);
  return {
    role,
    text: blockText(msg['content']),
    toolCallIds: blocks.filter((b) => b['type'] === 'tool_use').map((b) => str(b['id']) ?? ''),
    toolResults: blocks
      .filter((b) => b['type'] === 'tool_result')
      .map((b) => ({ id: str(b['tool_use_id']) ?? '', name: null, text: blockText(b['content']), isError: b['is_error'] === true })),
    raw: m,
  };
}

/**
 * Anthropic usage → ours. input_tokens EXCLUDES cache; cache_creation may split 5m/1h writes (without the split,
 * all writes are 5m). Reasoning (thinking) tokens are inside output_tokens and not reported apart: reasoning = 0.
 */
export function anthropicUsage(u: Obj): Usage {
  const creation = obj(u['cache_creation']);
  const w5 = creation['ephemeral_5m_input_tokens'];
  const w1 = creation['ephemeral_1h_input_tokens'];
  const split = typeof w5 === 'number' || typeof w1 === 'number';
  return {
    inputUncached: num(u['input_tokens']),
    cacheRead: num(u['cache_read_input_tokens']),
    cacheWrite5m: split ? num(w5) : num(u['cache_creation_input_tokens']),
    cacheWrite1h: split ? num(w1) : 0,
    output: num(u['output_tokens']),
    reasoning: 0,
    estimated: false,
  };
}

interface AnthropicFolded extends Folded {
  outputSeen: boolean;
}

/** Folds a Messages stream into one message: message_delta usage is cumulative, so it overwrites, never adds. */
function foldStream(text: string): AnthropicFolded {
  const f: AnthropicFolded = { model: null, text: '', toolCalls: [], stopReason: null, usage: null, outputSeen: false, ended: false, error: null };
  const blocks = new Map<number, { type: string; id: string; name: string; json: string; text: string }>();
  for (const ev of parseSse(text).events) {
    const d = obj(tryJson(ev.data));
    switch (str(d['type']) ?? ev.event) {
      case 'message_start': {
        const m = obj(d['message']);
        f.model = str(m['model']) ?? null;
        f.usage = { ...obj(m['usage']) };
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
          f.usage = { ...(f.usage ?? {}), ...d['usage'] };
          f.outputSeen = true;
        }
        break;
      }
      case 'message_stop':
        f.ended = true;
        break;
      case 'error': {
        const e = obj(d['error']);
        f.error = { type: str(e['type']) ?? null, message: str(e['message']) ?? 'stream error' };
        break;
      }
      default:
        break; // ping and event types we do not know are skipped
    }
  }
  for (const [, b] of [...blocks.entries()].sort((a, b) => a[0] - b[0])) {
    if (b.type === 'text') f.text += b.text;
    else if (b.type === 'tool_use' || b.type === 'server_tool_use') f.toolCalls.push(toolCall(b.id, b.name, b.json || '{}'));
  }
  return f;
}

function foldJson(body: Obj): AnthropicFolded {
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
    ended: true,
    error: null,
  };
}

function parse(x: WireExchange, hints: ThreadHints) {
  const reqText = x.requestBody.toString('utf8');
  const req = obj(tryJson(reqText));
  const modelRequested = str(req['model']) ?? null;
  const messages = arr(req['messages']).map(toCommon);
  const tools = arr(req['tools']).map((t) => str(obj(t)['name']) ?? '').filter(Boolean);
  const request = summarizeRequest(messages, req['system'] ?? null, tools, reqText.length, modelRequested);
  const view = viewResponse(x);
  const isCount = /\/count_tokens/.test(x.path);
  const folded = view.ok ? (view.isSse ? foldStream(view.text) : foldJson(obj(view.json))) : null;
  return callFromFold(x, isCount ? { ...hints, auxiliary: 'token_count' } : hints, {
    api: 'anthropic-messages',
    provider: 'anthropic',
    modelRequested,
    stream: req['stream'] === true,
    request,
    requestText: reqText,
    view,
    folded: folded && { ...folded, outputMissing: folded.usage !== null && !folded.outputSeen },
    toUsage: anthropicUsage,
    noUsage: isCount,
  });
}

export const anthropicMessages: WireParser = {
  api: 'anthropic-messages',
  provider: 'anthropic',
  matches: (x) => x.method === 'POST' && /\/messages(\/count_tokens)?(\?|$)/.test(x.path),
  parse,
};
