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

/** Bump when a parser change alters what is extracted: stored calls parsed by older versions get re-parsed. */
export const PARSER_VERSION = 2;

export const WIRE_PARSERS: readonly WireParser[] = [anthropicMessages, openaiChat, openaiResponses, gemini];

export function findParser(method: string, path: string): WireParser | null {
  return WIRE_PARSERS.find((p) => p.matches({ method, path })) ?? null;
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

/** Parses one exchange whose bodies are already decoded. Unknown paths give an `unknown` call (not an LLM call). */
export function parseExchange(x: WireExchange, hints: ThreadHints): NormalizedCall {
  const parser = findParser(x.method, x.path);
  return parser ? parser.parse(x, hints) : unknownCall(x, hints);
}

/** Parses a stored exchange: undoes content encodings, reads header hints, tolerates cut-off and abridged bodies. */
export function parseStoredExchange(e: Exchange): NormalizedCall {
  const req = decodeBody(e.requestBody, e.requestHeaders['content-encoding']);
  const res = decodeBody(e.responseBody, e.responseHeaders['content-encoding']);
  return parseExchange(
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
}
