import type { Exchange } from '../../domain/exchange.js';
import type { NormalizedCall, ThreadHints } from '../../domain/llm-call.js';
import { anthropicMessages } from './anthropic-messages.js';
import { decodeBody } from './decode-body.js';
import { gemini } from './gemini.js';
import { hintsFromHeaders } from './headers-hints.js';
import { openaiChat } from './openai-chat.js';
import { openaiResponses } from './openai-responses.js';
import { finishCall, summarizeRequest } from './summary.js';
import type { WireExchange, WireParser } from './types.js';
import { isObj, str } from './json-access.js';
import { tryJson } from './sse.js';

/** Bump when a parser change alters what is extracted: stored calls parsed by older versions get re-parsed. */
export const PARSER_VERSION = 6;

export const WIRE_PARSERS: readonly WireParser[] = [anthropicMessages, openaiChat, openaiResponses, gemini];

/** The parser for a method and path (path and query as sent), or null when no wire format claims it. */
export function findParser(method: string, path: string): WireParser | null {
  return WIRE_PARSERS.find((p) => p.matches({ method, path })) ?? null;
}

/**
 * For a path no parser claims (a gateway that renames routes): the format the request body has the shape of.
 * Only model-call shapes count: `messages` with `max_tokens` and an anthropic-version header or a Claude model is
 * Anthropic; `messages` alone is chat; `input` with a model is Responses; `contents` is Gemini.
 */
export function sniffParser(x: Pick<WireExchange, 'method' | 'requestHeaders' | 'requestBody'>): WireParser | null {
  if (x.method !== 'POST') return null;
  const body = tryJson(x.requestBody.toString('utf8'));
  if (!isObj(body)) return null;
  const model = str(body['model']) ?? '';
  if (Array.isArray(body['messages'])) {
    const anthropic = x.requestHeaders['anthropic-version'] !== undefined || (typeof body['max_tokens'] === 'number' && /claude/i.test(model));
    return anthropic ? anthropicMessages : openaiChat;
  }
  if (body['input'] !== undefined && model) return openaiResponses;
  if (Array.isArray(body['contents']) || (isObj(body['request']) && Array.isArray(body['request']['contents']))) return gemini;
  return null;
}

function unknownCall(x: WireExchange, hints: ThreadHints): NormalizedCall {
  return {
    ...finishCall({
      api: 'unknown',
      provider: 'other',
      modelRequested: null,
      model: null,
      stream: false,
      usage: null,
      rawUsage: null,
      stopReason: null,
      outputText: '',
      toolCalls: [],
      request: summarizeRequest([], null, [], x.requestBody.length, null),
      requestText: '',
      error: null,
      complete: x.complete,
      hints,
    }),
    usage: null,
  };
}

/**
 * Parses one exchange whose bodies are already decoded: the parser is chosen by path, else by the request body's
 * shape; anything else gives an `unknown` call (not an LLM call, usage null). Never throws.
 */
export function parseExchange(x: WireExchange, hints: ThreadHints): NormalizedCall {
  const parser = findParser(x.method, x.path) ?? sniffParser(x);
  return parser ? parser.parse(x, hints) : unknownCall(x, hints);
}

/**
 * Parses a stored exchange: undoes content encodings (request and response), reads header hints, tolerates cut-off
 * bodies and bodies whose middle the recorder omitted (head and tail are parsed; SSE lines broken at the seam are
 * skipped; a compressed body only decodes up to the seam). An exchange that got no response (upstream error,
 * refused by a guardrail) keeps the recorder's reason as its error, with usage null; one that never reached its provider
 * is no LLM call (api `unknown`).
 */
export function parseStoredExchange(e: Omit<Exchange, 'id'>): NormalizedCall {
  const req = decodeBody(e.requestBody, e.requestHeaders['content-encoding']);
  const res = decodeBody(e.responseBody, e.responseHeaders['content-encoding']);
  const call = parseExchange(
    {
      method: e.method,
      path: e.path,
      requestHeaders: e.requestHeaders,
      requestBody: req.body,
      status: e.status,
      responseHeaders: e.responseHeaders,
      responseBody: res.body,
      complete: e.state === 'complete' && res.error === null,
    },
    hintsFromHeaders(e.requestHeaders),
  );
  if (e.state === 'upstream_error') {
    // it never reached its provider (refused connection, unknown host): a transport error of the session, no LLM call
    return { ...call, api: 'unknown', usage: null, error: { status: null, type: e.state, message: e.errorText ?? e.state }, complete: false };
  }
  if (call.api !== 'unknown' && e.status === null && e.state === 'refused') {
    return { ...call, usage: null, error: { status: null, type: e.state, message: e.errorText ?? e.state }, complete: false };
  }
  return call;
}
