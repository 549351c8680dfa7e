import type { NormalizedCall, RequestSummary, ThreadHints, ToolCall } from '../../domain/llm-call.js';
import type { Usage } from '../../domain/usage.js';
import type { Obj } from './json-access.js';
import { tryJson } from './sse.js';
import { finishCall, httpError } from './summary.js';
import type { WireExchange } from './types.js';

/** A response folded into one message by a format's stream or JSON reader. */
export interface Folded {
  model: string | null;
  text: string;
  toolCalls: ToolCall[];
  stopReason: string | null;
  usage: Obj | null;
  /** the response reached its terminal event */
  ended: boolean;
  /** an error event inside a 2xx stream */
  error?: { type: string | null; message: string } | null;
  /** input usage arrived but the final output count did not (a stream cut after its start) */
  outputMissing?: boolean;
}

export interface ResponseView {
  text: string;
  isSse: boolean;
  ok: boolean;
  /** the parsed JSON body (null for streams and unparsable bodies) */
  json: unknown;
}

/** How the response body looks: SSE or JSON, success or not. */
export function viewResponse(x: WireExchange): ResponseView {
  const text = x.responseBody.toString('utf8');
  // by content type, else by the first line (a recorder that lost the headers, a proxy that relabels streams)
  const isSse = /text\/event-stream/.test(x.responseHeaders['content-type'] ?? '') || /^\uFEFF?\s*(event:|data:|id:|:)/.test(text);
  return { text, isSse, ok: x.status !== null && x.status >= 200 && x.status < 300, json: isSse ? null : tryJson(text) };
}

/** Everything a wire parser knows, assembled into the normalized call the same way for every format. */
export function callFromFold(
  x: WireExchange,
  hints: ThreadHints,
  p: {
    api: NormalizedCall['api'];
    provider: NormalizedCall['provider'];
    modelRequested: string | null;
    stream: boolean;
    request: RequestSummary;
    requestText: string;
    view: ResponseView;
    folded: Folded | null;
    toUsage: (u: Obj) => Usage;
    /** the body to read a provider error from, when it is not the JSON body itself */
    errorBody?: unknown;
    /** a side call without usage (token counting) */
    noUsage?: boolean;
  },
): NormalizedCall {
  const f = p.folded;
  const error =
    httpError(x.status, p.errorBody ?? p.view.json, p.view.text) ??
    (f?.error ? { status: x.status, type: f.error.type, message: f.error.message } : null) ??
    (x.status === null ? { status: null, type: 'no_response', message: 'no response from upstream' } : null);
  return finishCall({
    api: p.api,
    provider: p.provider,
    modelRequested: p.modelRequested,
    model: f?.model ?? p.modelRequested,
    stream: p.stream,
    usage: p.noUsage ? null : f?.usage ? p.toUsage(f.usage) : null,
    outputMissing: !p.noUsage && f !== null && f.usage !== null && f.outputMissing === true,
    rawUsage: f?.usage ?? null,
    stopReason: f?.stopReason ?? null,
    outputText: f?.text ?? '',
    toolCalls: f?.toolCalls ?? [],
    request: p.request,
    requestText: p.requestText,
    error,
    complete: x.complete && (f?.ended ?? true),
    hints,
  });
}
