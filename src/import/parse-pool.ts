import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { SkipCounter, type ImportedSession, type ImportUnit } from './common/types.js';
import { formatByName } from './formats.js';

export interface ParseRequest {
  id: number;
  unit: ImportUnit;
}

export type ParseReply = { id: number; sessions: ImportedSession[]; skips: [string, number][] } | { id: number; error: string };

interface Job {
  id: number;
  unit: ImportUnit;
  resolve: (sessions: ImportedSession[]) => void;
  reject: (err: Error) => void;
}

/** A big enough import to be worth starting threads for (a worker costs tens of milliseconds to start). */
const MIN_POOL_BYTES = 8 * 1024 * 1024;
/** Memory a parse thread may need: its own heap and tokenizer tables (about 90 MB for cl100k, 150 MB for o200k). */
const WORKER_MEMORY = 400 * 1024 * 1024;

/**
 * How many parse threads an import of `bytes` gets: CLAWTRACE_IMPORT_WORKERS when set (0 = none), else one per core,
 * at most 3 (the thread writing the database mostly waits for them), as many as free memory allows, and none for a
 * small import.
 */
export function parseWorkerCount(bytes: number, units: number): number {
  const v = process.env['CLAWTRACE_IMPORT_WORKERS'];
  if (v !== undefined && /^\d+$/.test(v)) return Math.min(Number(v), units);
  if (bytes < MIN_POOL_BYTES || units < 2) return 0;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(0, Math.min(3, cores, units, Math.floor(os.freemem() / WORKER_MEMORY)));
}

/**
 * Parses import units on worker threads while the caller writes what is parsed (SQLite has one writer). A unit
 * whose worker cannot run (a thread that fails to start, a source tree run without a build) is parsed on the
 * calling thread instead, so the result is the same with or without threads. Skipped lines are counted into `skips`.
 */
export class ParsePool {
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, Job>();
  private idle: Worker[] = [];
  private workers: Worker[] = [];
  private next = 0;
  /** units parsed on a worker thread (the rest were parsed on the calling thread) */
  onThreads = 0;

  constructor(
    count: number,
    private readonly skips: SkipCounter,
  ) {
    for (let i = 0; i < count; i++) {
      const w = new Worker(new URL('./parse-worker.js', import.meta.url));
      w.on('message', (reply: ParseReply) => this.receive(w, reply));
      w.on('error', () => this.lose(w));
      w.on('exit', () => this.lose(w));
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  /** The sessions of a unit, parsed by a worker when one is free, else in turn. */
  parse(unit: ImportUnit): Promise<ImportedSession[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.next++, unit, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    const ws = this.workers;
    this.workers = [];
    this.idle = [];
    await Promise.all(ws.map((w) => w.terminate()));
  }

  private pump(): void {
    if (this.workers.length === 0) {
      // no thread left to run on: parse here, one unit at a time, in order
      for (const job of this.queue.splice(0)) this.parseHere(job);
      return;
    }
    while (this.queue.length > 0 && this.idle.length > 0) {
      const w = this.idle.pop();
      const job = this.queue.shift();
      if (!w || !job) break;
      this.running.set(w, job);
      w.postMessage({ id: job.id, unit: job.unit } satisfies ParseRequest);
    }
  }

  private receive(w: Worker, reply: ParseReply): void {
    const job = this.running.get(w);
    this.running.delete(w);
    if (this.workers.includes(w)) this.idle.push(w);
    if (job) {
      if ('error' in reply) job.reject(new Error(reply.error));
      else {
        for (const [reason, n] of reply.skips) this.skips.add(reason, n);
        this.onThreads++;
        job.resolve(reply.sessions);
      }
    }
    this.pump();
  }

  /** A worker that died: its unit goes back to the queue, and the others (or this thread) take it. */
  private lose(w: Worker): void {
    if (!this.workers.includes(w)) return;
    this.workers = this.workers.filter((x) => x !== w);
    this.idle = this.idle.filter((x) => x !== w);
    const job = this.running.get(w);
    this.running.delete(w);
    if (job) this.queue.unshift(job);
    this.pump();
  }

  private parseHere(job: Job): void {
    const skips = new SkipCounter();
    formatByName(job.unit.format)
      .parse(job.unit, skips)
      .then((sessions) => {
        this.skips.merge(skips);
        job.resolve(sessions);
      }, job.reject);
  }
}
