import http from 'node:http';
import https from 'node:https';
import type { Route } from './routes.js';
import { BodyCapture } from './body-capture.js';

/** Headers that describe one hop, not the message (RFC 9110 §7.6.1): never forwarded in either direction. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** What one forwarded exchange looked like, handed to the recorder when it is over (never before). */
export interface ForwardedExchange {
  route: Route;
  method: string;
  /** path and query as the client sent them after the recorder's prefix */
  path: string;
  upstreamUrl: string;
  requestRawHeaders: string[];
  requestBody: BodyCapture;
  status: number | null;
  responseRawHeaders: string[];
  responseBody: BodyCapture;
  startedAt: number;
  firstByteAt: number | null;
  endedAt: number;
  outcome: 'complete' | 'client_aborted' | 'upstream_reset' | 'upstream_unreachable' | 'refused';
  errorText: string | null;
}

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: Infinity }),
  https: new https.Agent({ keepAlive: true, maxSockets: Infinity }),
};

function filterHeaders(raw: readonly string[], hostOverride: string | null): string[] {
  const out: string[] = [];
  // a Connection header may name further hop-by-hop headers
  const extra = new Set<string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if ((raw[i] ?? '').toLowerCase() === 'connection') {
      for (const t of (raw[i + 1] ?? '').split(',')) extra.add(t.trim().toLowerCase());
    }
  }
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = raw[i] ?? '';
    const lk = k.toLowerCase();
    if (HOP_BY_HOP.has(lk) || extra.has(lk)) continue;
    if (lk === 'host' && hostOverride !== null) {
      out.push(k, hostOverride);
      continue;
    }
    out.push(k, raw[i + 1] ?? '');
  }
  return out;
}

function rawHeadersToObject(raw: readonly string[]): http.OutgoingHttpHeaders {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = raw[i] ?? '';
    const v = raw[i + 1] ?? '';
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/**
 * Streams one request to the upstream and its response back, chunk by chunk, byte for byte. A copy of each chunk
 * is kept (bounded) for the recorder; nothing is decoded or parsed on this path. A client abort cancels the
 * upstream request; an upstream reset is passed on as a reset, so the client sees what it would have seen directly.
 */
export function forward(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  route: Route,
  path: string,
  done: (x: ForwardedExchange) => void,
  prefetchedBody: Buffer | null = null,
): void {
  const startedAt = Date.now();
  const target = new URL(route.origin);
  const isHttps = target.protocol === 'https:';
  const upstreamUrl = `${route.origin}${path}`;
  const requestBody = new BodyCapture();
  const responseBody = new BodyCapture();
  let status: number | null = null;
  let responseRawHeaders: string[] = [];
  let firstByteAt: number | null = null;
  let finished = false;

  const finish = (outcome: ForwardedExchange['outcome'], errorText: string | null): void => {
    if (finished) return;
    finished = true;
    done({
      route,
      method: req.method ?? 'GET',
      path,
      upstreamUrl,
      requestRawHeaders: req.rawHeaders,
      requestBody,
      status,
      responseRawHeaders,
      responseBody,
      startedAt,
      firstByteAt,
      endedAt: Date.now(),
      outcome,
      errorText,
    });
  };

  const upstreamReq = (isHttps ? https : http).request({
    protocol: target.protocol,
    hostname: target.hostname,
    port: target.port || (isHttps ? 443 : 80),
    method: req.method,
    path,
    headers: rawHeadersToObject(filterHeaders(req.rawHeaders, target.host)),
    agent: isHttps ? agents.https : agents.http,
    setHost: false,
  });

  upstreamReq.on('response', (up) => {
    firstByteAt = Date.now();
    status = up.statusCode ?? null;
    responseRawHeaders = up.rawHeaders;
    res.writeHead(up.statusCode ?? 502, up.statusMessage, filterHeaders(up.rawHeaders, null));
    res.flushHeaders();
    up.on('data', (chunk: Buffer) => {
      responseBody.push(chunk);
      if (!res.write(chunk)) {
        up.pause();
        res.once('drain', () => up.resume());
      }
    });
    up.on('end', () => {
      res.end();
      finish('complete', null);
    });
    up.on('error', (err: Error) => {
      res.destroy(err);
      finish('upstream_reset', err.message);
    });
    up.on('close', () => {
      if (up.complete) return;
      res.destroy();
      finish('upstream_reset', 'upstream closed the connection mid-response');
    });
  });

  upstreamReq.on('error', (err: Error) => {
    // Before a status line: the client would have seen a connection error, so it sees one now (a reset socket).
    // After: the response stream broke; the 'up' handlers already passed that on.
    if (status === null) {
      res.destroy(err);
      finish('upstream_unreachable', err.message);
    } else {
      res.destroy(err);
      finish('upstream_reset', err.message);
    }
  });

  if (prefetchedBody) {
    requestBody.push(prefetchedBody);
    upstreamReq.end(prefetchedBody);
  }
  req.on('data', (chunk: Buffer) => {
    requestBody.push(chunk);
    if (!upstreamReq.write(chunk)) {
      req.pause();
      upstreamReq.once('drain', () => req.resume());
    }
  });
  req.on('end', () => {
    if (!prefetchedBody) upstreamReq.end();
  });
  res.on('close', () => {
    if (!res.writableFinished) {
      // the client went away before the response was done: cancel the upstream call
      upstreamReq.destroy();
      finish('client_aborted', 'client closed the connection before the response ended');
    }
  });
}

/** An exchange answered by clawtrace itself (a guardrail refusal): recorded like any other, never sent upstream. */
export function localExchange(
  req: http.IncomingMessage,
  route: Route,
  path: string,
  body: Buffer,
  response: { status: number; headers: Record<string, string>; body: string },
  startedAt: number,
): ForwardedExchange {
  const requestBody = new BodyCapture();
  requestBody.push(body);
  const responseBody = new BodyCapture();
  responseBody.push(Buffer.from(response.body));
  const now = Date.now();
  return {
    route,
    method: req.method ?? 'POST',
    path,
    upstreamUrl: `${route.origin}${path}`,
    requestRawHeaders: req.rawHeaders,
    requestBody,
    status: response.status,
    responseRawHeaders: Object.entries(response.headers).flat(),
    responseBody,
    startedAt,
    firstByteAt: now,
    endedAt: now,
    outcome: 'refused',
    errorText: null,
  };
}
