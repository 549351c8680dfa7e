import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { ExchangeSchema, type Exchange } from '../domain/exchange.js';
import { cached, type Db } from './db.js';

const deflate = promisify(zlib.deflateRaw);

export type NewExchange = Omit<Exchange, 'id'>;

/** Bodies under this size are stored as they are; larger ones deflated (off the event loop, in libuv's pool). */
const DEFLATE_FROM_BYTES = 4096;

export interface PreparedBodies {
  request: Buffer;
  response: Buffer;
  encoding: 'identity' | 'deflate';
}

/** Compresses both bodies for storage without blocking the event loop (the proxy keeps serving meanwhile). */
export async function prepareBodies(request: Buffer, response: Buffer): Promise<PreparedBodies> {
  if (request.length + response.length < DEFLATE_FROM_BYTES) return { request, response, encoding: 'identity' };
  const [req, res] = await Promise.all([deflate(request), deflate(response)]);
  return { request: req, response: res, encoding: 'deflate' };
}

/** The same, in the calling thread (the recorder's writer thread, which has nothing else to do meanwhile). */
export function prepareBodiesSync(request: Buffer, response: Buffer): PreparedBodies {
  if (request.length + response.length < DEFLATE_FROM_BYTES) return { request, response, encoding: 'identity' };
  return { request: zlib.deflateRawSync(request), response: zlib.deflateRawSync(response), encoding: 'deflate' };
}

export function insertExchange(db: Db, x: NewExchange, bodies: PreparedBodies): number {
  const info = cached(
    db,
    `INSERT INTO exchanges (session_id, seq, method, path, route, upstream_url, request_headers_json, request_body,
         request_bytes, status, response_headers_json, response_body, response_bytes, response_omitted_bytes,
         storage_encoding, started_at, first_byte_at, ended_at, state, error_text)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
      x.sessionId,
      x.seq,
      x.method,
      x.path,
      x.route,
      x.upstreamUrl,
      JSON.stringify(x.requestHeaders),
      bodies.request,
      x.requestBytes,
      x.status,
      JSON.stringify(x.responseHeaders),
      bodies.response,
      x.responseBytes,
      x.responseOmittedBytes,
      bodies.encoding,
      x.startedAt,
      x.firstByteAt,
      x.endedAt,
      x.state,
      x.errorText,
    );
  return Number(info.lastInsertRowid);
}

interface ExchangeRow {
  id: number;
  session_id: string;
  seq: number;
  method: string;
  path: string;
  route: string;
  upstream_url: string;
  request_headers_json: string;
  request_body: Buffer;
  request_bytes: number;
  status: number | null;
  response_headers_json: string;
  response_body: Buffer;
  response_bytes: number;
  response_omitted_bytes: number;
  storage_encoding: string;
  started_at: number;
  first_byte_at: number | null;
  ended_at: number | null;
  state: string;
  error_text: string | null;
}

function fromRow(r: ExchangeRow): Exchange {
  const inflate = (b: Buffer): Buffer => (r.storage_encoding === 'deflate' ? zlib.inflateRawSync(b) : b);
  return ExchangeSchema.parse({
    id: r.id,
    sessionId: r.session_id,
    seq: r.seq,
    method: r.method,
    path: r.path,
    route: r.route,
    upstreamUrl: r.upstream_url,
    requestHeaders: JSON.parse(r.request_headers_json) as unknown,
    requestBody: inflate(r.request_body),
    requestBytes: r.request_bytes,
    status: r.status,
    responseHeaders: JSON.parse(r.response_headers_json) as unknown,
    responseBody: inflate(r.response_body),
    responseBytes: r.response_bytes,
    responseOmittedBytes: r.response_omitted_bytes,
    startedAt: r.started_at,
    firstByteAt: r.first_byte_at,
    endedAt: r.ended_at,
    state: r.state,
    errorText: r.error_text,
  });
}

export function listExchanges(db: Db, sessionId: string): Exchange[] {
  const rows = db
    .prepare(`SELECT * FROM exchanges WHERE session_id = ? ORDER BY seq`)
    .all(sessionId) as ExchangeRow[];
  return rows.map(fromRow);
}

export function getExchange(db: Db, id: number): Exchange | null {
  const row = db.prepare(`SELECT * FROM exchanges WHERE id = ?`).get(id) as ExchangeRow | undefined;
  return row ? fromRow(row) : null;
}

export function nextExchangeSeq(db: Db, sessionId: string): number {
  const row = db.prepare(`SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM exchanges WHERE session_id = ?`).get(sessionId) as {
    n: number;
  };
  return row.n;
}

/** Requests of a session that never reached their provider (refused connection, unknown host): transport errors. */
export function transportErrors(db: Db, sessionId: string): { count: number; last: string | null } {
  const row = db
    .prepare(
      `SELECT COUNT(*) AS n, (SELECT error_text FROM exchanges WHERE session_id = ? AND state = 'upstream_error' ORDER BY seq DESC LIMIT 1) AS last
       FROM exchanges WHERE session_id = ? AND state = 'upstream_error'`,
    )
    .get(sessionId, sessionId) as { n: number; last: string | null };
  return { count: row.n, last: row.last };
}
