import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
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

/** The header a client may carry the recorder's secret in instead of the URL (see server.ts); never forwarded. */
export const SECRET_HEADER = 'x-clawtrace-secret';

/** Who sent an exchange, as far as the proxy can tell without parsing it (for `clawtrace proxy`'s sessions). */
export interface ClientTag {
  /** a number per client connection */
  connection: number;
  /** the per-shell token `clawtrace env` put in the base URL, if any */
  shellToken: string | null;
}

/** What one forwarded exchange looked like, handed to the recorder when it is over (never before). */
export interface ForwardedExchange {
  route: Route;
  method: string;
  /** path and query as sent upstream (after the route's base-path fix, if any) */
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
  /** the guardrail reservation this call holds until it is settled; null when no limit applies */
  guardTicket: number | null;
  client: ClientTag;
}

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: Infinity }),
  https: new https.Agent({ keepAlive: true, maxSockets: Infinity }),
};

function filterHeaders(raw: readonly string[], hostOverride: string | null): string[] {
  const out: string[] = [];
  // a Connection header may name further hop-by-hop headers
  let extra: Set<string> | null = null;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if ((raw[i] ?? '').toLowerCase() === 'connection') {
      extra ??= new Set();
      for (const t of (raw[i + 1] ?? '').split(',')) extra.add(t.trim().toLowerCase());
    }
  }
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = raw[i] ?? '';
    const lk = k.toLowerCase();
    if (HOP_BY_HOP.has(lk) || extra?.has(lk) || lk === SECRET_HEADER) continue;
    if (lk === 'host' && hostOverride !== null) {
      out.push(k, hostOverride);
      continue;
    }
    out.push(k, raw[i + 1] ?? '');
  }
  return out;
}

/** Is there a body length the client can rely on (then headers and body go out in one write)? */
function hasLength(raw: readonly string[]): boolean {
  for (let i = 0; i < raw.length; i += 2) if ((raw[i] ?? '').toLowerCase() === 'content-length') return true;
  return false;
}

function flushHeadersIfIdle(res: http.ServerResponse): void {
  if (!res.headersSent && !res.destroyed) res.flushHeaders();
}

interface Target {
  protocol: string;
  hostname: string;
  port: string | number;
  host: string;
  isHttps: boolean;
}
const targets = new WeakMap<Route, Target>();

function targetOf(route: Route): Target {
  let t = targets.get(route);
  if (!t) {
    const u = new URL(route.origin);
    const isHttps = u.protocol === 'https:';
    t = { protocol: u.protocol, hostname: u.hostname, port: u.port || (isHttps ? 443 : 80), host: u.host, isHttps };
    targets.set(route, t);
  }
  return t;
}

export interface ForwardOptions {
  prefetchedBody?: Buffer | null;
  guardTicket?: number | null;
  client: ClientTag;
}

/**
 * Streams one request to the upstream and its response back, chunk by chunk, byte for byte. A copy of each chunk
 * is kept (bounded) for the recorder; nothing is decoded or parsed on this path. A client abort cancels the
 * upstream request; an upstream reset is passed on as a reset, so the client sees what it would have seen directly.
 * A request that never got a connection to its upstream (refused, unknown host) is `upstream_unreachable`.
 */
export function forward(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  route: Route,
  path: string,
  done: (x: ForwardedExchange) => void,
  opts: ForwardOptions,
): void {
  const startedAt = Date.now();
  const target = targetOf(route);
  const requestBody = new BodyCapture();
  const responseBody = new BodyCapture();
  const prefetched = opts.prefetchedBody ?? null;
  let status: number | null = null;
  let responseRawHeaders: string[] = [];
  let firstByteAt: number | null = null;
  let finished = false;
  let connected = false;

  const finish = (outcome: ForwardedExchange['outcome'], errorText: string | null): void => {
    if (finished) return;
    finished = true;
    done({
      route,
      method: req.method ?? 'GET',
      path,
      upstreamUrl: `${route.origin}${path}`,
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
      guardTicket: opts.guardTicket ?? null,
      client: opts.client,
    });
  };

  const upstreamReq = (target.isHttps ? https : http).request({
    protocol: target.protocol,
    hostname: target.hostname,
    port: target.port,
    method: req.method,
    path,
    headers: filterHeaders(req.rawHeaders, target.host) as unknown as http.OutgoingHttpHeaders,
    agent: target.isHttps ? agents.https : agents.http,
    setHost: false,
  });
  upstreamReq.on('socket', (s: Socket) => {
    // a reused keep-alive socket is connected already; a new one once TCP (and TLS) is up
    if (upstreamReq.reusedSocket) connected = true;
    else s.once(target.isHttps ? 'secureConnect' : 'connect', () => (connected = true));
  });

  upstreamReq.on('response', (up) => {
    firstByteAt = Date.now();
    status = up.statusCode ?? null;
    responseRawHeaders = up.rawHeaders;
    res.writeHead(up.statusCode ?? 502, up.statusMessage, filterHeaders(up.rawHeaders, null));
    // A response of known length goes out with its body in one write. A stream's headers go out at the end of this
    // turn of the event loop: with the first chunk when it came in the same read (one write instead of two), alone
    // when the upstream has sent nothing more yet.
    if (!hasLength(up.rawHeaders)) setImmediate(flushHeadersIfIdle, res);
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
    // Without a connection the request never reached the provider: a transport error, not a model call.
    res.destroy(err);
    if (status !== null) finish('upstream_reset', err.message);
    else finish(connected ? 'upstream_reset' : 'upstream_unreachable', err.message);
  });

  if (prefetched) {
    requestBody.push(prefetched);
    upstreamReq.end(prefetched);
  } else {
    req.on('data', (chunk: Buffer) => {
      requestBody.push(chunk);
      if (!upstreamReq.write(chunk)) {
        req.pause();
        upstreamReq.once('drain', () => req.resume());
      }
    });
    req.on('end', () => upstreamReq.end());
  }
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
  client: ClientTag,
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
    guardTicket: null,
    client,
  };
}
