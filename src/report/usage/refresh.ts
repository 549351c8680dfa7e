import Database from 'better-sqlite3';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PriceTable } from '../../compile/pricing/rates.js';
import { reparseSession, sessionNeedsReparse } from '../../compile/reparse.js';
import type { Db } from '../../store/db.js';
import { clearPending, markPending, staleSessionIds, writePendingSummary, writeSummary, type SummaryVersions } from '../../store/summaries-repo.js';
import { compileSummary } from './compile-summary.js';
import type { WorkerInit, WorkerReply } from './refresh-protocol.js';

export interface RefreshOptions {
  versions: SummaryVersions;
  /** the price table the versions describe; asked for only when a session must be compiled */
  table: () => PriceTable;
  /** where that table comes from, so worker threads can load the same one; without it everything runs here */
  priceSource?: { pricesFile: string | null; projectDir: string | null };
  /** compile whole cards for the flags (the sessions list); reports need only the facts */
  flags: boolean;
  /** worker threads for a large refresh (default: one per core, at most 4); 0 or 1 = none */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface RefreshResult {
  refreshed: number;
  /** sessions whose stored data could not be compiled: listed without figures */
  failed: { id: string; message: string }[];
  /** sessions that changed while they were compiled: still stale, compiled again on the next call */
  busy: number;
  /** how many of the refreshed were compiled on worker threads */
  inWorkers: number;
}

/**
 * Below this many stale sessions, starting worker threads (a third of a second each: modules, price data) costs more
 * than it saves: facts take about a millisecond a session, whole cards (flags) about five.
 */
const PARALLEL_FROM = { facts: 600, flags: 150 };
const BATCH = 12;

const isBusy = (err: unknown): boolean => err instanceof Database.SqliteError && err.code.startsWith('SQLITE_BUSY');
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Compiles one session and stores its summary and usage facts in one transaction that began with the read of its
 * calls: if a recorder or an import wrote to the database meanwhile, the write fails as busy and nothing is stored
 * (a summary must never outlive the data it was made from).
 */
function refreshOne(db: Db, id: string, opts: RefreshOptions, table: PriceTable): void {
  if (sessionNeedsReparse(db, id)) reparseSession(db, id);
  db.transaction(() => {
    const compiled = compileSummary(db, id, table, opts.flags);
    if (compiled) writeSummary(db, opts.versions, compiled.summary, compiled.facts);
  }).deferred();
}

function refreshHere(db: Db, ids: readonly string[], opts: RefreshOptions, result: RefreshResult): void {
  const table = opts.table();
  ids.forEach((id, i) => {
    try {
      refreshOne(db, id, opts, table);
      result.refreshed++;
    } catch (err) {
      if (isBusy(err)) result.busy++;
      else result.failed.push({ id, message: message(err) });
    }
    opts.onProgress?.(i + 1, ids.length);
  });
}

/**
 * A large refresh on worker threads: each compiles batches from its own read-only snapshot, this thread writes.
 * Sessions are marked pending first; the triggers drop the mark when a session changes, and a result whose mark is
 * gone is discarded, so nothing compiled from an older state is ever stored.
 */
async function refreshInWorkers(db: Db, ids: readonly string[], opts: RefreshOptions, workers: number, result: RefreshResult): Promise<string[]> {
  for (const id of ids) if (sessionNeedsReparse(db, id)) reparseSession(db, id);
  markPending(db, opts.versions, ids);
  const queue: string[][] = [];
  for (let i = 0; i < ids.length; i += BATCH) queue.push(ids.slice(i, i + BATCH));
  const answered = new Set<string>();
  const init: WorkerInit = { dbPath: db.name, pricesFile: opts.priceSource?.pricesFile ?? null, projectDir: opts.priceSource?.projectDir ?? null, withFlags: opts.flags };
  const write = db.transaction((reply: WorkerReply) => {
    for (const r of reply.results) {
      answered.add(r.id);
      if (!r.ok) result.failed.push({ id: r.id, message: r.message });
      else if (writePendingSummary(db, opts.versions, r.summary, r.facts)) {
        result.refreshed++;
        result.inWorkers++;
      }
      else result.busy++;
    }
  });
  const run = (): Promise<void> =>
    new Promise((resolve) => {
      const worker = new Worker(new URL('./refresh-worker.js', import.meta.url), { workerData: init });
      const next = (): void => worker.postMessage({ ids: queue.shift() ?? [] });
      worker.on('message', (reply: WorkerReply) => {
        write(reply);
        opts.onProgress?.(answered.size, ids.length);
        next();
      });
      // a worker that cannot run leaves its batches to the others, or to this thread afterwards
      worker.on('error', () => resolve());
      worker.on('exit', () => resolve());
      next();
    });
  await Promise.all(Array.from({ length: workers }, run));
  const left = ids.filter((id) => !answered.has(id));
  clearPending(db, left);
  return left;
}

/** Worker threads for this refresh: as asked, or one per idle core (at most 4) when the refresh is large enough. */
function workerCount(opts: RefreshOptions, stale: number, db: Db): number {
  if (!opts.priceSource || db.memory) return 0;
  let n = opts.workers;
  if (n === undefined) {
    if (stale < (opts.flags ? PARALLEL_FROM.flags : PARALLEL_FROM.facts)) return 0;
    const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    // cores other programs keep busy would only be shared
    n = Math.min(4, cores - Math.floor(os.loadavg()[0] ?? 0));
  }
  return n > 1 ? Math.min(n, Math.ceil(stale / BATCH)) : 0;
}

/** Brings every stale session's summary and facts up to date (nothing to do is one query). */
export async function refreshSummaries(db: Db, opts: RefreshOptions): Promise<RefreshResult> {
  const ids = staleSessionIds(db, opts.versions, { needFlags: opts.flags });
  const result: RefreshResult = { refreshed: 0, failed: [], busy: 0, inWorkers: 0 };
  if (ids.length === 0) return result;
  const workers = workerCount(opts, ids.length, db);
  // a price table that cannot load is the caller's one-line error, before any worker starts
  if (workers > 0) opts.table();
  const left = workers > 0 ? await refreshInWorkers(db, ids, opts, workers, result) : ids;
  if (left.length > 0) refreshHere(db, left, opts, result);
  return result;
}
