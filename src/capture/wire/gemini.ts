import type { NormalizedCall, ThreadHints } from '../../domain/llm-call.js';
import type { Usage } from '../../domain/usage.js';
import { arr, isObj, num, obj, str, type Obj } from './json-access.js';
import { eventJson, parseSse, tryJson } from './sse.js';
import { summarizeRequest, toolCall, type CommonMessage } from './summary.js';
import { callFromFold, viewResponse, type Folded, type ResponseView } from './envelope.js';
import { parseJsonArrayStream } from './json-array-stream.js';
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

/**
 * Folds one or more GenerateContentResponse chunks; the last chunk that has usage carries the totals (stream chunks
 * repeat running counts). A finishReason (or a blocked prompt) marks the end; an `error` chunk is an error.
 */
function fold(chunks: Obj[]): Folded {
  const f: Folded = { model: null, text: '', toolCalls: [], stopReason: null, usage: null, ended: false, error: null };
  const callParts: Obj[] = [];
  for (const ch of chunks) {
    if (isObj(ch['error'])) {
      const e = ch['error'];
      f.error = { type: str(e['status']) ?? null, message: str(e['message']) ?? 'stream error' };
      continue;
    }
    f.model = str(ch['modelVersion']) ?? f.model;
    if (isObj(ch['usageMetadata'])) f.usage = ch['usageMetadata'];
    const cand = obj(arr(ch['candidates'])[0]);
    const parts = arr(obj(cand['content'])['parts']).map(obj);
    f.text += partsText(parts);
    callParts.push(...parts.filter((p) => isObj(p['functionCall'])));
    const reason = str(cand['finishReason']) ?? str(obj(ch['promptFeedback'])['blockReason']);
    if (reason) {
      f.stopReason = reason;
      f.ended = true;
    }
  }
  // stream chunks carry running usage: without the final chunk the input is right but the output count is not
  f.outputMissing = !f.ended && f.usage !== null;
  const ids = syntheticIds(callParts, 'functionCall');
  f.toolCalls = callParts.map((p, i) => {
    const fc = obj(p['functionCall']);
    return toolCall(ids[i] ?? '', str(fc['name']) ?? '', JSON.stringify(fc['args'] ?? {}));
  });
  return f;
}

/** All text the request sends: system instruction, parts' text, call args, function responses, declarations. */
function requestText(body: Obj, messages: readonly CommonMessage[]): string {
  const system = obj(body['systemInstruction'] ?? body['system_instruction']);
  const parts: string[] = [partsText(arr(system['parts']).map(obj))];
  for (const c of arr(body['contents'])) {
    for (const p of arr(obj(c)['parts']).map(obj)) if (isObj(p['functionCall'])) parts.push(JSON.stringify(p['functionCall']['args'] ?? {}));
  }
  for (const m of messages) parts.push(m.text, ...m.toolResults.map((r) => r.text));
  if (arr(body['tools']).length > 0) parts.push(JSON.stringify(body['tools']));
  return parts.filter(Boolean).join('\n');
}

/** The response chunks, from SSE, a JSON array stream (possibly cut), or one JSON object. */
function responseChunks(view: ResponseView): Obj[] {
  const chunks = view.isSse
    ? parseSse(view.text).events.map(eventJson)
    : Array.isArray(view.json)
      ? view.json
      : isObj(view.json)
        ? [view.json]
        : parseJsonArrayStream(view.text);
  // Code Assist (Gemini CLI signed in with Google) wraps each chunk as {response: {...}, traceId}
  return chunks.filter(isObj).map((c) => (isObj(c['response']) ? c['response'] : c));
}

function parse(x: WireExchange, hints: ThreadHints): NormalizedCall {
  const envelope = obj(tryJson(x.requestBody.toString('utf8')));
  // Code Assist wraps the request as {model, project, request: {...}}
  const req = isObj(envelope['request']) ? envelope['request'] : envelope;
  const modelRequested = /\/models\/([^/:?]+)/.exec(x.path)?.[1] ?? str(envelope['model']) ?? null;
  const common = toCommon(arr(req['contents']));
  const tools = arr(req['tools'])
    .flatMap((t) => arr(obj(t)['functionDeclarations'] ?? obj(t)['function_declarations']))
    .map((d) => str(obj(d)['name']) ?? '')
    .filter(Boolean);
  const system = req['systemInstruction'] ?? req['system_instruction'] ?? null;
  const text = requestText(req, common);
  const request = summarizeRequest(common, system, tools, text.length, modelRequested);
  const view = viewResponse(x);
  const isCount = /:countTokens(\?|$)/.test(x.path);
  const errorBody = Array.isArray(view.json) ? view.json[0] : view.json;
  return callFromFold(x, isCount ? { ...hints, auxiliary: 'token_count' } : hints, {
    api: 'gemini-generate',
    provider: 'google',
    modelRequested,
    stream: /:streamGenerateContent/.test(x.path),
    request,
    requestText: text,
    view,
    folded: view.ok && !isCount ? fold(responseChunks(view)) : null,
    toUsage: geminiUsage,
    errorBody: isObj(errorBody) && isObj(errorBody['response']) ? errorBody['response'] : errorBody,
    noUsage: isCount,
  });
}

/**
 * POST …/models/{model}:generateContent | :streamGenerateContent | :countTokens (Gemini API, Vertex AI), and Code
 * Assist's /v1internal:… (Gemini CLI signed in with a Google account; the model is then in the body).
 */
export const gemini: WireParser = {
  api: 'gemini-generate',
  provider: 'google',
  matches: (x) =>
    x.method === 'POST' && (/\/models\/[^/]+:(streamGenerateContent|generateContent|countTokens)(\?|$)/.test(x.path) || /\/v1internal:(streamGenerateContent|generateContent|countTokens)(\?|$)/.test(x.path)),
  parse,
};
