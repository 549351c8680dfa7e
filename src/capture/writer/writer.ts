import { Worker } from 'node:worker_threads';
import type { RecorderLog } from '../recorder-log.js';
import type { OpResult, WriteOp, WriterMessage } from './messages.js';

/** Memory the queue may hold for writes not yet committed; past it, new exchanges are dropped (and counted). */
export const MAX_QUEUE_BYTES = 256 * 1024 * 1024;
export const MAX_QUEUE_OPS = 50_000;
const MIN_POST_INTERVAL_MS = 4;
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
export type NewOp = Distribute<WriteOp>;

interface Pending {
  bytes: number;
  exchange: boolean;
  done?: (r: OpResult) => void;
}

/**
 * The recorder's side of the write path: a bounded queue that hands every write to a writer thread (which parses,
 * compresses and commits them in batches) and never blocks the caller. Writes are posted once per turn of the event
 * loop; results come back with each batch's commit.
 */
export class RecorderWriter {
  readonly stats: WriterStats = { stored: 0, failed: 0, dropped: 0, unsaved: 0 };
  private readonly worker: Worker;
  private batch: WriteOp[] = [];
  private transfer: ArrayBuffer[] = [];
  private scheduled = false;
  private readonly pending = new Map<number, Pending>();
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

  /**
   * Queues a write. Returns false when it was dropped instead (the queue is full, or the writer is gone): the caller
   * counts on `done` never being called then. Exchanges carry their bodies as transferable buffers.
   */
  write(op: NewOp, opts: { bytes?: number; transfer?: ArrayBuffer[]; done?: (r: OpResult) => void } = {}): boolean {
    const isExchange = op.kind === 'exchange';
    const bytes = opts.bytes ?? 0;
    if (this.dead || (isExchange && (this.pendingBytes + bytes > this.maxBytes || this.pending.size >= this.maxOps))) {
      if (isExchange) this.dropped();
      return false;
    }
    const ticket = this.nextTicket++;
    this.batch.push({ ...op, ticket } as WriteOp);
    if (opts.transfer) this.transfer.push(...opts.transfer);
    this.pending.set(ticket, { bytes, exchange: isExchange, ...(opts.done ? { done: opts.done } : {}) });
    this.pendingBytes += bytes;
    if (this.pending.size === 1) this.worker.ref();
    if (!this.scheduled) {
      // idle: post at the end of this turn; under load at most every few ms (one message for many writes)
      this.scheduled = true;
      const wait = this.lastPost + MIN_POST_INTERVAL_MS - Date.now();
      // a write someone waits on (a sync, a call a guardrail must settle) goes at once
      if (wait <= 0 || op.kind === 'sync' || (op.kind === 'exchange' && op.wantCall)) setImmediate(() => this.flush());
      else setTimeout(() => this.flush(), wait);
    }
    return true;
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
    if (this.batch.length === 0 || this.dead) return;
    const batch = this.batch;
    const transfer = this.transfer;
    this.batch = [];
    this.transfer = [];
    this.worker.postMessage(batch, transfer);
  }

  private onMessage(m: WriterMessage): void {
    if ('notice' in m) {
      this.log.info(m.notice);
      return;
    }
    for (const r of m.results) {
      const p = this.pending.get(r.ticket);
      if (!p) continue;
      this.pending.delete(r.ticket);
      this.pendingBytes -= p.bytes;
      if (p.exchange) {
        if (r.ok) this.stats.stored++;
        else this.stats.failed++;
      }
      if (r.error && this.loggedErrors++ < MAX_LOGGED_ERRORS) this.log.error(r.ok ? 'recording' : 'storing', new Error(r.error));
      p.done?.(r);
    }
    if (this.pending.size === 0) this.worker.unref();
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
      if (p.exchange) this.stats.unsaved++;
      p.done?.({ ticket, ok: false, isCall: false, call: null, error: this.dead ?? 'not written' });
    }
    this.pending.clear();
    this.pendingBytes = 0;
    this.batch = [];
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
