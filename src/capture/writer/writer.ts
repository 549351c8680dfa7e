import { Worker } from 'node:worker_threads';
import type { ForwardedExchange } from '../proxy/forward.js';
import type { RecorderLog } from '../recorder-log.js';
import { ExchangePacker } from './codec.js';
import type { OpResult, PlainOp, ResultBatch, WriterBatch, WriterMessage } from './messages.js';

/** Memory the queue may hold for writes not yet committed; past it, new exchanges are dropped (and counted). */
export const MAX_QUEUE_BYTES = 256 * 1024 * 1024;
export const MAX_QUEUE_OPS = 50_000;
/**
 * Under load, messages to the writer thread are at least this far apart: each wakes a thread, and on a busy machine a
 * wake-up costs more than the writes it carries. Idle, a write is posted at once.
 */
const MIN_POST_INTERVAL_MS = 25;
/** Storage errors logged one by one; past this only counted (a full disk fails every write). */
const MAX_LOGGED_ERRORS = 20;

export interface WriterStats {
  /** exchanges committed */
  stored: number;
  /** exchanges the database refused (disk full, I/O error) */
  failed: number;
  /** exchanges dropped because the queue was full (the database was too slow or locked too long) */
  dropped: number;
  /** exchanges still unwritten when the writer had to stop */
  unsaved: number;
}

type Distribute<T> = T extends unknown ? Omit<T, 'ticket'> : never;
export type NewOp = Distribute<PlainOp>;

interface Pending {
  bytes: number;
  exchange: boolean;
  done?: (r: OpResult) => void;
}

/** An exchange to store: which session, its number there, and whether its parsed call should come back. */
export interface NewExchange {
  sessionId: string;
  seq: number;
  x: ForwardedExchange;
  wantCall: boolean;
}

/**
 * The recorder's side of the write path: a bounded queue that hands every write to a writer thread (which parses,
 * compresses and commits them in batches) and never blocks the caller. Writes are posted at most every 25 ms, an
 * exchange packed into the message's buffer the moment it is written (nothing of it stays alive on this thread);
 * results come back with each batch's commit.
 */
export class RecorderWriter {
  readonly stats: WriterStats = { stored: 0, failed: 0, dropped: 0, unsaved: 0 };
  private readonly worker: Worker;
  private batch: PlainOp[] = [];
  private readonly packer = new ExchangePacker();
  private urgent = false;
  private scheduled = false;
  /** per write not yet committed: a Pending, or just its byte count (an exchange nobody waits on) */
  private readonly pending = new Map<number, Pending | number>();
  private pendingBytes = 0;
  private nextTicket = 1;
  private dead: string | null = null;
  private loggedDrop = false;
  private lastPost = 0;
  private loggedErrors = 0;

  constructor(
    dbFile: string,
    private readonly log: RecorderLog,
    opts: { busyMs?: number; maxBytes?: number; maxOps?: number } = {},
  ) {
    this.maxBytes = opts.maxBytes ?? MAX_QUEUE_BYTES;
    this.maxOps = opts.maxOps ?? MAX_QUEUE_OPS;
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { file: dbFile, busyMs: opts.busyMs ?? 1000 } });
    this.worker.unref();
    this.worker.on('message', (m: WriterMessage) => this.onMessage(m));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => {
      if (!this.dead) this.fail(new Error(`the writer thread exited (code ${code})`));
    });
  }

  private readonly maxBytes: number;
  private readonly maxOps: number;

  /** Queues a write other than an exchange (session, agent, origin, finish, sync); false when the writer is gone. */
  write(op: NewOp, opts: { done?: (r: OpResult) => void } = {}): boolean {
    if (this.dead) return false;
    const ticket = this.nextTicket++;
    this.batch.push({ ...op, ticket } as PlainOp);
    this.track(ticket, { bytes: 0, exchange: false, ...(opts.done ? { done: opts.done } : {}) }, op.kind === 'sync');
    return true;
  }

  /**
   * Queues an exchange, packed at once (see codec.ts). Returns false when it was dropped instead (the queue is full,
   * or the writer is gone): `done` is never called then. Throws only if the exchange cannot be packed (nothing is
   * queued then).
   */
  writeExchange(e: NewExchange, done?: (r: OpResult) => void): boolean {
    const bytes = e.x.requestBody.keptBytes + e.x.responseBody.keptBytes + 1024;
    if (this.dead || this.pendingBytes + bytes > this.maxBytes || this.pending.size >= this.maxOps) {
      this.dropped();
      return false;
    }
    const ticket = this.nextTicket++;
    this.packer.add(ticket, e.wantCall, e.sessionId, e.seq, e.x);
    this.track(ticket, done ? { bytes, exchange: true, done } : bytes, e.wantCall);
    return true;
  }

  private track(ticket: number, p: Pending | number, urgent: boolean): void {
    this.pending.set(ticket, p);
    this.pendingBytes += typeof p === 'number' ? p : p.bytes;
    if (this.pending.size === 1) this.worker.ref();
    this.urgent ||= urgent;
    if (this.scheduled) return;
    // idle: post at the end of this turn; under load at most every 25 ms (one message for many writes)
    this.scheduled = true;
    const wait = this.lastPost + MIN_POST_INTERVAL_MS - Date.now();
    // a write someone waits on (a sync, a call a guardrail must settle) goes at once
    if (wait <= 0 || urgent) setImmediate(() => this.flush());
    else setTimeout(() => this.flush(), wait);
  }

  private dropped(): void {
    this.stats.dropped++;
    if (!this.loggedDrop) {
      this.loggedDrop = true;
      this.log.error('write queue', new Error(this.dead ?? `the write queue is full (${this.pending.size} writes, ${Math.round(this.pendingBytes / 1048576)} MB): exchanges are dropped until it drains`));
    }
  }

  private flush(): void {
    this.scheduled = false;
    this.lastPost = Date.now();
    if (this.dead) return;
    const packed = this.packer.take();
    if (this.batch.length === 0 && !packed) return;
    const message: WriterBatch = { ops: this.batch, packed, urgent: this.urgent };
    this.batch = [];
    this.urgent = false;
    this.worker.postMessage(message, packed ? [packed.buffer] : []);
  }

  private onMessage(m: WriterMessage): void {
    if ('notice' in m) {
      this.log.info(m.notice);
      return;
    }
    this.settle(m.results);
    if (this.pending.size === 0) this.worker.unref();
  }

  private settle({ tickets, flags, extra }: ResultBatch): void {
    let next = 0;
    for (let i = 0; i < tickets.length; i++) {
      const ticket = tickets[i] ?? 0;
      const f = flags[i] ?? 0;
      const told = extra[next]?.i === i ? extra[next++] : undefined;
      const error = told?.error ?? null;
      const ok = (f & 1) === 1;
      const p = this.pending.get(ticket);
      if (p === undefined) continue;
      this.pending.delete(ticket);
      const exchange = typeof p === 'number' || p.exchange;
      this.pendingBytes -= typeof p === 'number' ? p : p.bytes;
      if (exchange) {
        if (ok) this.stats.stored++;
        else this.stats.failed++;
      }
      if (error && this.loggedErrors++ < MAX_LOGGED_ERRORS) this.log.error(ok ? 'recording' : 'storing', new Error(error));
      if (typeof p !== 'number') p.done?.({ ticket, ok, isCall: (f & 2) === 2, call: told?.call ?? null, error });
    }
  }

  private fail(err: Error): void {
    if (this.dead) return;
    this.dead = `the recorder's writer stopped: ${err.message}`;
    this.log.error('writer', err);
    this.abandon();
  }

  /** Every write not yet committed is given up on (counted as unsaved; their callbacks told). */
  private abandon(): void {
    for (const [ticket, p] of this.pending) {
      if (typeof p === 'number' || p.exchange) this.stats.unsaved++;
      if (typeof p !== 'number') p.done?.({ ticket, ok: false, isCall: false, call: null, error: this.dead ?? 'not written' });
    }
    this.pending.clear();
    this.pendingBytes = 0;
    this.batch = [];
    this.packer.take();
  }

  /** Exchanges waiting to be written. */
  backlog(): number {
    return this.pending.size;
  }

  /** Resolves true once every write queued so far is done, false if `timeoutMs` passed first. */
  sync(timeoutMs: number): Promise<boolean> {
    if (this.pending.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), timeoutMs);
      const ok = this.write({ kind: 'sync' }, { done: () => {
        clearTimeout(t);
        resolve(true);
      } });
      if (!ok) {
        clearTimeout(t);
        resolve(false);
      }
    });
  }

  /** Waits up to `timeoutMs` for the queue to be written, then stops the writer; what was left is `unsaved`. */
  async close(timeoutMs = 30_000): Promise<WriterStats> {
    const done = await this.sync(timeoutMs);
    if (!done) this.log.error('writer', new Error(`${this.pending.size} writes still queued after ${timeoutMs} ms (the database stayed locked): given up`));
    this.dead ??= 'the recorder stopped';
    this.abandon();
    await this.worker.terminate();
    return this.stats;
  }
}
