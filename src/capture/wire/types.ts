import type { ApiKind, NormalizedCall, Provider, ThreadHints } from '../../domain/llm-call.js';

/**
 * What a wire parser gets: one exchange with its bodies already content-decoded (gzip/br/deflate/zstd undone).
 * Parsers never see the recorder's secret path prefix, and never see secrets (headers are redacted before storage).
 */
export interface WireExchange {
  method: string;
  /** path and query as the client sent them, e.g. `/v1/messages?beta=true` */
  path: string;
  requestHeaders: Record<string, string>;
  requestBody: Buffer;
  status: number | null;
  responseHeaders: Record<string, string>;
  responseBody: Buffer;
  /** false when the response was cut off before its end */
  complete: boolean;
}

export interface WireParser {
  api: ApiKind;
  provider: Provider;
  /** true when this parser understands the exchange (by method and path) */
  matches(x: Pick<WireExchange, 'method' | 'path'>): boolean;
  /** never throws on odd input: unknown events and fields are skipped, missing parts become null/empty */
  parse(x: WireExchange, hints: ThreadHints): NormalizedCall;
}
