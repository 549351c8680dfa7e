import fs from 'node:fs';
import path from 'node:path';
import type { Exchange } from '../../../src/domain/exchange.js';
import type { NormalizedCall } from '../../../src/domain/llm-call.js';
import { parseStoredExchange } from '../../../src/capture/wire/index.js';
import { REPO_ROOT } from '../../helpers/cli.js';

/** One exchange as written by scripts/capture-wire-fixture.ts. */
interface WireFixture {
  method: string;
  path: string;
  requestHeaders: Record<string, string>;
  requestBody: unknown;
  status: number | null;
  responseHeaders: Record<string, string>;
  responseBody?: string;
  /** the response bytes as sent when they are content-encoded */
  responseBodyBase64?: string;
  complete?: boolean;
}

/** Reads fixtures/wire/<file> into the domain Exchange the recorder would have stored. */
export function loadExchange(file: string, overrides: Partial<Exchange> = {}): Exchange {
  const f = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'fixtures', 'wire', file), 'utf8')) as WireFixture;
  const requestBody = Buffer.from(typeof f.requestBody === 'string' ? f.requestBody : JSON.stringify(f.requestBody));
  const responseBody = f.responseBodyBase64 !== undefined ? Buffer.from(f.responseBodyBase64, 'base64') : Buffer.from(f.responseBody ?? '');
  return {
    id: 1,
    sessionId: 'fixture',
    seq: 1,
    method: f.method,
    path: f.path,
    route: 'fixture',
    upstreamUrl: 'http://127.0.0.1/',
    requestHeaders: f.requestHeaders,
    requestBody,
    requestBytes: requestBody.length,
    status: f.status,
    responseHeaders: f.responseHeaders,
    responseBody,
    responseBytes: responseBody.length,
    responseOmittedBytes: 0,
    startedAt: 0,
    firstByteAt: 0,
    endedAt: 0,
    state: f.complete === false ? 'incomplete' : 'complete',
    errorText: null,
    ...overrides,
  };
}

/** Parses a wire fixture the way a recompile does. */
export function parseFixture(file: string, overrides: Partial<Exchange> = {}): NormalizedCall {
  return parseStoredExchange(loadExchange(file, overrides));
}
