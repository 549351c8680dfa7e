import type { ThreadHints } from '../../domain/llm-call.js';
import type { Usage } from '../../domain/usage.js';
import { arr, isObj, num, obj, str, type Obj } from './json-access.js';
import { parseSse, tryJson } from './sse.js';
import { summarizeRequest, toolCall, type CommonMessage } from './summary.js';
import { callFromFold, viewResponse, type Folded } from './envelope.js';
import type { WireExchange, WireParser } from './types.js';

/**
 * Gemini function calls may carry no id: we name them `name#n`, n counting same-name calls within one turn, and the
 * function responses of the next request get the same names (counted within their message), so they pair.
 */
function syntheticIds(parts: Obj[], key: 'functionCall' | 'functionResponse'): string[] {
  const seen = new Map<string, number>();
  return parts.map((p) => {
    const fc = obj(p[key]);
    const name = str(fc['name']) ?? '';
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    return str(fc['id']) ?? `${name}#${n}`;
  });
}

function partsText(parts: Obj[]): string {
  return parts.filter((p) => typeof p['text'] === 'string' && p['thought'] !== true).map((p) => str(p['text']) ?? '').join('');
}

function toCommon(contents: unknown[]): CommonMessage[] {
  // when the model's calls carried no ids, clients invent their own for the responses (Gemini CLI does): pair by
  // name and order instead, as the ids of the calls were made
  let callsHadIds = false;
  return contents.map((c) => {
    const msg = obj(c);
    const parts = arr(msg['parts']).map(obj);
    const calls = parts.filter((p) => isObj(p['functionCall']));
    const results = parts.filter((p) => isObj(p['functionResponse']));
    if (calls.length > 0) callsHadIds = calls.some((p) => typeof obj(p['functionCall'])['id'] === 'string');
    const resultIds = callsHadIds ? syntheticIds(results, 'functionResponse') : syntheticIds(results.map(withoutId), 'functionResponse');
    return {
      role: msg['role'] === 'model' ? 'assistant' : 'user',
      text: partsText(parts),
      toolCallIds: syntheticIds(calls, 'functionCall'),
      toolResults: results.map((p, i) => {
        const fr = obj(p['functionResponse']);
        const response = obj(fr['response']);
        return { id: resultIds[i] ?? '', name: str(fr['name']) ?? null, text: JSON.stringify(fr['response'] ?? {}), isError: 'error' in response };
      }),
      raw: c,
    };
  });
}

function withoutId(p: Obj): Obj {
  const fr = obj(p['functionResponse']);
  return { functionResponse: { name: fr['name'] } };
}

/**
 * Gemini usage → ours: promptTokenCount INCLUDES cachedContentTokenCount; thoughtsTokenCount is billed as output but
 * is NOT inside candidatesTokenCount, so output = candidates + thoughts; tool-use prompt tokens are input.
 */
export function geminiUsage(u: Obj): Usage {
  const cached = num(u['cachedContentTokenCount']);
  const thoughts = num(u['thoughtsTokenCount']);
  return {
    inputUncached: Math.max(0, num(u['promptTokenCount']) - cached) + num(u['toolUsePromptTokenCount']),
    cacheRead: cached,
    cacheWrite5m: 0,
    cacheWrite1h: 0,
    output: num(u['candidatesTokenCount']) + thoughts,
    reasoning: thoughts,
    estimated: false,
  };
}

/** Folds one or more GenerateContentResponse chunks; the last chunk that has usage carries the totals. */
function fold(chunks: Obj[]): Folded {
  const f: Folded = { model: null, text: '', toolCalls: [], stopReason: null, usage: null, ended: false };
  const callParts: Obj[] = [];
  for (const ch of chunks) {
    f.model = str(ch['modelVersion']) ?? f.model;
    if (isObj(ch['usageMetadata'])) f.usage = ch['usageMetadata'];
    const cand = obj(arr(ch['candidates'])[0]);
    const parts = arr(obj(cand['content'])['parts']).map(obj);
    f.text += partsText(parts);
    callParts.push(...parts.filter((p) => isObj(p['functionCall'])));
    const reason = str(cand['finishReason']);
    if (reason) {
      f.stopReason = reason;
      f.ended = true;
    }
  }
  const ids = syntheticIds(callParts, 'functionCall');
  f.toolCalls = callParts.map((p, i) => {
    const fc = obj(p['functionCall']);
    return toolCall(ids[i] ?? '', str(fc['name']) ?? '', JSON.stringify(fc['args'] ?? {}));
  });
  return f;
}

function parse(x: WireExchange, hints: ThreadHints) {
  const reqText = x.requestBody.toString('utf8');
  const req = obj(tryJson(reqText));
  const modelRequested = /\/models\/([^/:?]+)/.exec(x.path)?.[1] ?? str(req['model']) ?? null;
  const common = toCommon(arr(req['contents']));
  const tools = arr(req['tools'])
    .flatMap((t) => arr(obj(t)['functionDeclarations']))
    .map((d) => str(obj(d)['name']) ?? '')
    .filter(Boolean);
  const system = req['systemInstruction'] ?? req['system_instruction'] ?? null;
  const request = summarizeRequest(common, system, tools, reqText.length, modelRequested);
  const view = viewResponse(x);
  let chunks: Obj[] = [];
  if (view.isSse) chunks = parseSse(view.text).events.map((e) => obj(tryJson(e.data)));
  else if (Array.isArray(view.json)) chunks = view.json.map(obj);
  else if (isObj(view.json)) chunks = [view.json];
  return callFromFold(x, /:countTokens/.test(x.path) ? { ...hints, auxiliary: 'token_count' } : hints, {
    api: 'gemini-generate',
    provider: 'google',
    modelRequested,
    stream: /:streamGenerateContent/.test(x.path),
    request,
    requestText: reqText,
    view,
    folded: view.ok ? fold(chunks) : null,
    toUsage: geminiUsage,
    errorBody: Array.isArray(view.json) ? view.json[0] : view.json,
    noUsage: /:countTokens/.test(x.path),
  });
}

export const gemini: WireParser = {
  api: 'gemini-generate',
  provider: 'google',
  matches: (x) => x.method === 'POST' && /\/models\/[^/]+:(stream)?[gG]enerateContent|:countTokens/.test(x.path),
  parse,
};
