import crypto from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';
import { forward, localExchange, SECRET_HEADER, type ClientTag, type ForwardedExchange } from './forward.js';
import { upstreamPath, type Route } from './routes.js';

export interface ProxyOptions {
  routes: Route[];
  /** called once per exchange, after the client got its last byte; must not throw */
  onExchange: (x: ForwardedExchange) => void;
  /** answer a request locally instead of forwarding it (guardrails) */
  intercept?: Interceptor;
  /**
   * Told of each new client connection (clawtrace proxy finds the process behind it). When it returns a promise, the
   * connection's first request waits for it (at most IDENTIFY_WAIT_MS): the client is still there to be found.
   */
  onConnection?: (connection: number, socket: Socket) => Promise<unknown> | void;
  host?: string;
  port?: number;
}

/** A guardrail's answer for one request: forward it (holding a reservation ticket, or none) or refuse it. */
export type Admission = { ticket: number | null } | { refuse: InterceptResult };

export interface Interceptor {
  /** when true the request body is read whole before `admit` (only the loop breaker needs it) */
  needsBody(method: string, path: string): boolean;
  /** may wait (a limit close enough that calls in flight decide it) */
  admit(route: Route, method: string, path: string, body: Buffer | null): Admission | Promise<Admission>;
  /** a ticket whose request was never forwarded (its client left while it waited) */
  release(ticket: number): void;
}

const IDENTIFY_WAIT_MS = 500;

export interface InterceptResult {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RecorderProxy {
  port: number;
  /** the per-proxy secret path segment, e.g. `/__clawtrace_1f2e...` */
  prefix: string;
  /** the secret itself, for clients that send it in the x-clawtrace-secret header instead of the path */
  secret: string;
  /**
   * Base URL to give a client for a route: `http://127.0.0.1:PORT/__clawtrace_x/openai/v1`; with a shell token
   * `…/__clawtrace_x/~token/openai/v1`; with `secretInHeader` `http://127.0.0.1:PORT/openai/v1` (the client must send
   * the secret in the x-clawtrace-secret header: nothing secret on a command line).
   */
  baseUrl(routeName: string, opts?: { shellToken?: string; secretInHeader?: boolean }): string;
  addRoute(route: Route): void;
  route(name: string): Route | undefined;
  /** requests accepted and not yet handed to onExchange */
  inFlight(): number;
  /**
   * Stops accepting, lets exchanges in flight finish for `graceMs`, then cuts the rest (each is still handed to
   * onExchange, as cut off). Resolves once every accepted exchange has been handed over.
   */
  close(opts?: { graceMs?: number; cut?: Promise<void> }): Promise<void>;
}

interface Target {
  route: Route;
  path: string;
  shellToken: string | null;
}

function headerValue(raw: readonly string[], name: string): string | null {
  for (let i = 0; i + 1 < raw.length; i += 2) if ((raw[i] ?? '').toLowerCase() === name) return raw[i + 1] ?? null;
  return null;
}

function sameSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/**
 * Starts the recording proxy on loopback. Only requests that carry a random secret (in the path, or in a header for
 * clients whose base URL would otherwise sit on a command line) are served, so no other program on the machine can
 * use it as an open relay; WebSocket upgrades are refused so clients fall back to HTTP.
 */
export async function startProxy(opts: ProxyOptions): Promise<RecorderProxy> {
  const secret = crypto.randomBytes(12).toString('hex');
  const prefix = `/__clawtrace_${secret}`;
  const byName = new Map(opts.routes.map((r) => [r.name, r]));
  const sockets = new Set<Socket>();
  let active = 0;
  let closing = false;
  let connections = 0;
  const connectionOf = new WeakMap<Socket, number>();
  const idleWaiters: (() => void)[] = [];
  const settled = (): void => {
    active--;
    if (active === 0) for (const w of idleWaiters.splice(0)) w();
  };
  const onExchange = (x: ForwardedExchange): void => {
    try {
      opts.onExchange(x);
    } finally {
      settled();
    }
  };

  const resolveTarget = (req: http.IncomingMessage): Target | null => {
    const url = req.url ?? '/';
    let rest: string;
    if (url.startsWith(`${prefix}/`)) rest = url.slice(prefix.length + 1);
    else {
      const given = headerValue(req.rawHeaders, SECRET_HEADER);
      if (given === null || !sameSecret(given, secret) || !url.startsWith('/')) return null;
      rest = url.slice(1);
    }
    let shellToken: string | null = null;
    if (rest.startsWith('~')) {
      const end = rest.indexOf('/');
      if (end < 0) return null;
      shellToken = rest.slice(1, end);
      rest = rest.slice(end + 1);
    }
    const slash = rest.search(/[/?]/);
    const route = byName.get(slash < 0 ? rest : rest.slice(0, slash));
    if (!route) return null;
    let path = slash < 0 ? '/' : rest.slice(slash);
    if (path.startsWith('?')) path = `/${path}`;
    return { route, path: upstreamPath(route, path), shellToken };
  };

  const identifying = new WeakMap<Socket, Promise<unknown>>();
  const server = http.createServer((req, res) => {
    const pending = identifying.get(req.socket);
    if (pending) {
      identifying.delete(req.socket);
      void pending.then(() => handle(req, res));
    } else handle(req, res);
  });
  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const target = resolveTarget(req);
    if (!target) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    if (closing) {
      res.writeHead(503, { 'content-type': 'text/plain', connection: 'close' }).end('clawtrace: the recorder is stopping\n');
      return;
    }
    active++;
    const client: ClientTag = { connection: connectionOf.get(req.socket) ?? 0, shellToken: target.shellToken };
    const { route, path } = target;
    const intercept = opts.intercept;
    if (!intercept) {
      forward(req, res, route, path, onExchange, { client });
      return;
    }
    const method = req.method ?? 'GET';
    if (!intercept.needsBody(method, path)) {
      admitThenForward(req, res, target, intercept, null, client, onExchange, settled);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => admitThenForward(req, res, target, intercept, Buffer.concat(chunks), client, onExchange, settled));
    req.on('error', () => res.destroy());
  };
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  server.on('connection', (s: Socket) => {
    s.setNoDelay(true);
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    const n = ++connections;
    connectionOf.set(s, n);
    const found = opts.onConnection?.(n, s);
    if (found) {
      const cap = new Promise((r) => setTimeout(r, IDENTIFY_WAIT_MS).unref());
      identifying.set(s, Promise.race([found.catch(() => undefined), cap]));
    }
  });
  server.on('upgrade', (_req, socket: Socket) => {
    socket.end('HTTP/1.1 501 Not Implemented\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  });
  server.on('clientError', (_err, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const host = opts.host ?? '127.0.0.1';
  const idle = (ms: number): Promise<boolean> =>
    active === 0
      ? Promise.resolve(true)
      : new Promise((resolve) => {
          const t = setTimeout(() => resolve(active === 0), ms);
          idleWaiters.push(() => {
            clearTimeout(t);
            resolve(true);
          });
        });

  return {
    port,
    prefix,
    secret,
    baseUrl(routeName, o = {}) {
      const route = byName.get(routeName);
      const root = o.secretInHeader ? '' : prefix;
      const token = o.shellToken ? `/~${o.shellToken}` : '';
      return `http://${host}:${port}${root}${token}/${routeName}${route?.basePath ?? ''}`;
    },
    addRoute(route) {
      byName.set(route.name, route);
    },
    route: (name) => byName.get(name),
    inFlight: () => active,
    async close(o = {}) {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const cutNow = (o.cut ?? new Promise<void>(() => undefined)).then(() => false);
      if (!(await Promise.race([idle(o.graceMs ?? 3000), cutNow]))) {
        // cut what is still running: each exchange ends as client_aborted and is still handed over
        for (const s of sockets) s.destroy();
        await idle(5000);
      }
      for (const s of sockets) if (!s.destroyed) s.destroy();
      await stopped;
    },
  };
}

function admitThenForward(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  target: Target,
  intercept: Interceptor,
  body: Buffer | null,
  client: ClientTag,
  onExchange: (x: ForwardedExchange) => void,
  dropped: () => void,
): void {
  const startedAt = Date.now();
  const { route, path } = target;
  const method = req.method ?? 'GET';
  const go = (a: Admission): void => {
    if ('refuse' in a) {
      const local = a.refuse;
      const sendRefusal = (requestBody: Buffer): void => {
        res.writeHead(local.status, local.headers).end(local.body);
        onExchange(localExchange(req, route, path, requestBody, local, startedAt, client));
      };
      if (body) sendRefusal(body);
      else {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => sendRefusal(Buffer.concat(chunks)));
      }
      return;
    }
    if (res.destroyed || req.socket.destroyed) {
      // the client left while its call waited for a decision: nothing was sent upstream
      if (a.ticket !== null) intercept.release(a.ticket);
      dropped();
      return;
    }
    forward(req, res, route, path, onExchange, { prefetchedBody: body, guardTicket: a.ticket, client });
  };
  const decided = intercept.admit(route, method, path, body);
  if (decided instanceof Promise) {
    decided.then(go, () => {
      res.destroy();
      dropped();
    });
  } else go(decided);
}
