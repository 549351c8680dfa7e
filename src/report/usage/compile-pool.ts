import { Worker } from 'node:worker_threads';
import { reparseSession, sessionNeedsReparse } from '../../compile/reparse.js';
import type { Db } from '../../store/db.js';
import { clearPending, markPending, writePendingSummary, type SummaryVersions } from '../../store/summaries-repo.js';
import type { WorkerInit, WorkerReply } from './refresh-protocol.js';

const BATCH = 12;

export interface PoolTally {
  refreshed: number;
  failed: { id: string; message: string }[];
  busy: number;
}

/**
 * Worker threads that compile sessions' summaries and facts, each from its own read-only snapshot, while this thread
 * writes the results (one writer). Submitted sessions are marked pending first; the triggers drop the mark when a
 * session changes, and a result whose mark is gone is discarded, so nothing compiled from an older state is stored.
 * Sessions may be submitted while other work writes to the database (an import).
 */
export class CompilePool {
  private readonly queue: string[][] = [];
  private readonly inFlight = new Set<string>();
  private workers: Worker[] = [];
  private idle: Worker[] = [];
  private readonly closed: Promise<void>[] = [];
  private drained: (() => void) | null = null;
  readonly tally: PoolTally = { refreshed: 0, failed: [], busy: 0 };

  constructor(
    private readonly db: Db,
    private readonly versions: SummaryVersions,
    init: WorkerInit,
    count: number,
    private readonly onResult?: () => void,
  ) {
    for (let i = 0; i < count; i++) {
      const w = new Worker(new URL('./refresh-worker.js', import.meta.url), { workerData: init });
      w.on('message', (reply: WorkerReply) => this.receive(w, reply));
      this.closed.push(
        new Promise((resolve) => {
          // a worker that cannot run leaves its sessions pending: released at the end, compiled by the caller
          const gone = (): void => {
            this.workers = this.workers.filter((x) => x !== w);
            this.idle = this.idle.filter((x) => x !== w);
            this.pump();
            resolve();
          };
          w.on('error', gone);
          w.on('exit', gone);
        }),
      );
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  /** Sessions being compiled now or waiting for a worker. */
  has(id: string): boolean {
    return this.inFlight.has(id);
  }

  submit(ids: readonly string[]): void {
    const fresh = ids.filter((id) => !this.inFlight.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) if (sessionNeedsReparse(this.db, id)) reparseSession(this.db, id);
    markPending(this.db, this.versions, fresh);
    for (const id of fresh) this.inFlight.add(id);
    for (let i = 0; i < fresh.length; i += BATCH) this.queue.push(fresh.slice(i, i + BATCH));
    this.pump();
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop();
      const ids = this.queue.shift();
      if (w && ids) w.postMessage({ ids });
    }
    const allIdle = this.idle.length === this.workers.length;
    if ((this.queue.length === 0 && allIdle) || this.workers.length === 0) this.drained?.();
  }

  private receive(w: Worker, reply: WorkerReply): void {
    this.db.transaction(() => {
      for (const r of reply.results) {
        this.inFlight.delete(r.id);
        if (!r.ok) this.tally.failed.push({ id: r.id, message: r.message });
        else if (writePendingSummary(this.db, this.versions, r.summary, r.facts)) this.tally.refreshed++;
        else this.tally.busy++;
      }
    })();
    this.onResult?.();
    this.idle.push(w);
    this.pump();
  }

  /** Waits for every submitted session, stops the workers, and returns the sessions no worker answered for. */
  async finish(): Promise<string[]> {
    if (this.workers.length > 0 && (this.queue.length > 0 || this.idle.length < this.workers.length)) {
      await new Promise<void>((resolve) => (this.drained = resolve));
    }
    for (const w of this.workers) w.postMessage({ ids: [] });
    await Promise.all(this.closed);
    const left = [...this.inFlight];
    clearPending(this.db, left);
    return left;
  }
}
