import type { ForwardedExchange } from '../proxy/forward.js';
import type { CapturedExchange } from './messages.js';

/**
 * Exchanges on their way to the writer thread, packed back to back into one buffer per message: the proxy's thread
 * copies each kept body once (straight from the network chunks) and keeps no object of the exchange alive after it
 * ended; the whole batch crosses to the writer thread as one transferred buffer, not as an object graph to clone.
 *
 * One record: ticket, seq, status (-1: none), request bytes, response bytes, omitted bytes, started, first byte (NaN:
 * none), ended as float64; a flag byte (bit 0: a listener wants the parsed call; bits 1-3: the outcome); then
 * session id, method, path, route, origin, error text, the raw request and response headers (a JSON array each, so
 * any header text comes back exactly), each as a uint32 length (0xffffffff: null) and UTF-8; then the request and
 * response bodies, each as a uint32 length and the kept bytes.
 */

const OUTCOMES: readonly CapturedExchange['outcome'][] = ['complete', 'client_aborted', 'upstream_reset', 'upstream_unreachable', 'refused'];
const OUTCOME_CODE = new Map(OUTCOMES.map((o, i) => [o, i]));
const FIXED_BYTES = 9 * 8 + 1;
const NULL_LENGTH = 0xffffffff;
const INITIAL_BYTES = 64 * 1024;

function fresh(size: number): Buffer {
  // its own ArrayBuffer, never a slice of Node's shared pool: it is transferred (detached) when sent
  return Buffer.from(new ArrayBuffer(size));
}

/** One exchange as the writer thread receives it. */
export interface PackedExchange {
  ticket: number;
  wantCall: boolean;
  x: CapturedExchange;
}

export class ExchangePacker {
  private buf: Buffer = fresh(INITIAL_BYTES);
  private used = 0;
  /** exchanges packed since the last take() */
  count = 0;

  private ensure(at: number, more: number): void {
    if (at + more <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < at + more) size *= 2;
    const grown = fresh(size);
    // the record being added so far too (it is committed to `used` only once whole)
    this.buf.copy(grown, 0, 0, at);
    this.buf = grown;
  }

  private str(at: number, s: string | null): number {
    if (s === null) {
      this.ensure(at, 4);
      this.buf.writeUInt32LE(NULL_LENGTH, at);
      return at + 4;
    }
    this.ensure(at, 4 + 3 * s.length);
    const n = this.buf.write(s, at + 4);
    this.buf.writeUInt32LE(n, at);
    return at + 4 + n;
  }

  private body(at: number, b: ForwardedExchange['requestBody']): number {
    const n = b.keptBytes;
    this.ensure(at, 4 + n);
    this.buf.writeUInt32LE(n, at);
    return at + 4 + b.copyInto(this.buf, at + 4);
  }

  /** Appends one exchange. On a throw nothing is appended. */
  add(ticket: number, wantCall: boolean, sessionId: string, seq: number, x: ForwardedExchange): void {
    let at = this.used;
    this.ensure(at, FIXED_BYTES);
    const b = this.buf;
    b.writeDoubleLE(ticket, at);
    b.writeDoubleLE(seq, at + 8);
    b.writeDoubleLE(x.status ?? -1, at + 16);
    b.writeDoubleLE(x.requestBody.totalBytes, at + 24);
    b.writeDoubleLE(x.responseBody.totalBytes, at + 32);
    b.writeDoubleLE(x.responseBody.omittedBytes, at + 40);
    b.writeDoubleLE(x.startedAt, at + 48);
    b.writeDoubleLE(x.firstByteAt ?? Number.NaN, at + 56);
    b.writeDoubleLE(x.endedAt, at + 64);
    b[at + 72] = (wantCall ? 1 : 0) | ((OUTCOME_CODE.get(x.outcome) ?? 0) << 1);
    at += FIXED_BYTES;
    at = this.str(at, sessionId);
    at = this.str(at, x.method);
    at = this.str(at, x.path);
    at = this.str(at, x.route.name);
    at = this.str(at, x.route.origin);
    at = this.str(at, x.errorText);
    at = this.str(at, JSON.stringify(x.requestRawHeaders));
    at = this.str(at, JSON.stringify(x.responseRawHeaders));
    at = this.body(at, x.requestBody);
    at = this.body(at, x.responseBody);
    this.used = at;
    this.count++;
  }

  /**
   * The packed exchanges as one transferable buffer and how many of its bytes are used (null when there are none);
   * the packer starts over. The buffer goes whole (no copy): its unused tail is at most what was used.
   */
  take(): { buffer: ArrayBuffer; bytes: number } | null {
    if (this.count === 0) return null;
    const out = { buffer: this.buf.buffer as ArrayBuffer, bytes: this.used };
    this.buf = fresh(INITIAL_BYTES);
    this.used = 0;
    this.count = 0;
    return out;
  }
}

/** The exchanges of one packed buffer, in the order they were added; bodies are views into that buffer. */
export function unpack(ab: ArrayBuffer, bytes: number): PackedExchange[] {
  const b = Buffer.from(ab, 0, bytes);
  const out: PackedExchange[] = [];
  let at = 0;
  const str = (): string | null => {
    const n = b.readUInt32LE(at);
    at += 4;
    if (n === NULL_LENGTH) return null;
    const s = b.toString('utf8', at, at + n);
    at += n;
    return s;
  };
  const text = (): string => str() ?? '';
  const headers = (): string[] => JSON.parse(text()) as string[];
  const body = (): Uint8Array => {
    const n = b.readUInt32LE(at);
    const v = new Uint8Array(ab, at + 4, n);
    at += 4 + n;
    return v;
  };
  while (at < bytes) {
    const f = at;
    at += FIXED_BYTES;
    // read in the order add() wrote
    const sessionId = text();
    const method = text();
    const path = text();
    const route = text();
    const origin = text();
    const errorText = str();
    const requestRawHeaders = headers();
    const responseRawHeaders = headers();
    const requestBody = body();
    const responseBody = body();
    const status = b.readDoubleLE(f + 16);
    const firstByteAt = b.readDoubleLE(f + 56);
    const flags = b[f + 72] ?? 0;
    out.push({
      ticket: b.readDoubleLE(f),
      wantCall: (flags & 1) === 1,
      x: {
        sessionId,
        seq: b.readDoubleLE(f + 8),
        method,
        path,
        route,
        origin,
        requestRawHeaders,
        requestBody,
        requestBytes: b.readDoubleLE(f + 24),
        status: status < 0 ? null : status,
        responseRawHeaders,
        responseBody,
        responseBytes: b.readDoubleLE(f + 32),
        responseOmittedBytes: b.readDoubleLE(f + 40),
        startedAt: b.readDoubleLE(f + 48),
        firstByteAt: Number.isNaN(firstByteAt) ? null : firstByteAt,
        endedAt: b.readDoubleLE(f + 64),
        outcome: OUTCOMES[(flags >> 1) & 7] ?? 'complete',
        errorText,
      },
    });
  }
  return out;
}
