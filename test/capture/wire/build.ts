import zlib from 'node:zlib';
import type { WireExchange } from '../../../src/capture/wire/types.js';

/** An exchange for parser tests: JSON bodies are serialized, SSE given as text. */
export function exchange(p: {
  path: string;
  request: unknown;
  status?: number;
  response: unknown;
  sse?: boolean;
  complete?: boolean;
  gzip?: boolean;
}): WireExchange {
  const text = typeof p.response === 'string' ? p.response : JSON.stringify(p.response);
  return {
    method: 'POST',
    path: p.path,
    requestHeaders: { 'content-type': 'application/json' },
    requestBody: Buffer.from(JSON.stringify(p.request)),
    status: p.status ?? 200,
    responseHeaders: { 'content-type': p.sse ? 'text/event-stream' : 'application/json', ...(p.gzip ? { 'content-encoding': 'gzip' } : {}) },
    responseBody: p.gzip ? zlib.gzipSync(text) : Buffer.from(text),
    complete: p.complete ?? true,
  };
}

export function sse(events: [string | null, unknown][]): string {
  return events.map(([name, data]) => `${name ? `event: ${name}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`).join('');
}
