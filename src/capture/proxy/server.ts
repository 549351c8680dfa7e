import crypto from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';
import { forward, localExchange, type ForwardedExchange } from './forward.js';
import type { Route } from './routes.js';

export interface ProxyOptions {
  routes: Route[];
  /** called once per exchange, after the client got its last byte; must not throw */
  onExchange: (x: ForwardedExchange) => void;
  /** answer a request locally instead of forwarding it (guardrails); null = forward */
  intercept?: Interceptor;
  host?: string;
  port?: number;
}

export interface Interceptor {
  /** when true the request body is read whole before `decide` (only the loop breaker needs it) */
  needsBody(): boolean;
  decide(route: Route, path: string, body: Buffer | null): InterceptResult | null;
}

export interface InterceptResult {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RecorderProxy {
  port: number;
  /** the per-proxy secret path segment, e.g. `/__clawtrace_1f2e...` */
  prefix: string;
  /** base URL to give a client for a route (`http://127.0.0.1:PORT/__clawtrace_x/openai/v1`) */
  baseUrl(routeName: string): string;
  close(): Promise<void>;
}

/**
 * Starts the recording proxy on loopback. Only paths under a random secret prefix are served, so no other program
 * on the machine can use it as an open relay; WebSocket upgrades are refused so clients fall back to HTTP.
 */
export async function startProxy(opts: ProxyOptions): Promise<RecorderProxy> {
  const prefix = `/__clawtrace_${crypto.randomBytes(12).toString('hex')}`;
  const byName = new Map(opts.routes.map((r) => [r.name, r]));
  const sockets = new Set<Socket>();

  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (!url.startsWith(`${prefix}/`)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const rest = url.slice(prefix.length + 1);
    const slash = rest.search(/[/?]/);
    const name = slash < 0 ? rest : rest.slice(0, slash);
    const route = byName.get(name);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`clawtrace: no route '${name}'\n`);
      return;
    }
    let path = slash < 0 ? '/' : rest.slice(slash);
    if (path.startsWith('?')) path = `/${path}`;
    const intercept = opts.intercept;
    if (!intercept) {
      forward(req, res, route, path, opts.onExchange);
      return;
    }
    if (!intercept.needsBody()) {
      decideThenForward(req, res, route, path, intercept, null, opts.onExchange);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => decideThenForward(req, res, route, path, intercept, Buffer.concat(chunks), opts.onExchange));
  });
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  server.on('connection', (s: Socket) => {
    s.setNoDelay(true);
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
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

  return {
    port,
    prefix,
    baseUrl(routeName: string) {
      const route = byName.get(routeName);
      return `http://${host}:${port}${prefix}/${routeName}${route?.basePath ?? ''}`;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        // idle keep-alive sockets would hold close() open
        for (const s of sockets) if (!s.destroyed) s.destroySoon();
        server.closeIdleConnections();
      });
    },
  };
}

function decideThenForward(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  route: Route,
  path: string,
  intercept: Interceptor,
  body: Buffer | null,
  onExchange: (x: ForwardedExchange) => void,
): void {
  const startedAt = Date.now();
  const local = intercept.decide(route, path, body);
  if (!local) {
    forward(req, res, route, path, onExchange, body);
    return;
  }
  const sendRefusal = (requestBody: Buffer): void => {
    res.writeHead(local.status, local.headers).end(local.body);
    onExchange(localExchange(req, route, path, requestBody, local, startedAt));
  };
  if (body) sendRefusal(body);
  else {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => sendRefusal(Buffer.concat(chunks)));
  }
}
