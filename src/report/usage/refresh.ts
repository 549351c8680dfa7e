import Database from 'better-sqlite3';
import os from 'node:os';
import type { PriceTable } from '../../compile/pricing/rates.js';
import { reparseSession, sessionNeedsReparse } from '../../compile/reparse.js';
import { CompilePool } from './compile-pool.js';
import type { Db } from '../../store/db.js';
import { staleSessionIds, writeSummary, type SummaryVersions } from '../../store/summaries-repo.js';
import { compileSummary } from './compile-summary.js';
import type { WorkerInit } from './refresh-protocol.js';

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
  /** refresh only these sessions (the ones a limited list shows) */
  only?: readonly string[];
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

function workerInit(db: Db, opts: RefreshOptions): WorkerInit {
  return { dbPath: db.name, pricesFile: opts.priceSource?.pricesFile ?? null, projectDir: opts.priceSource?.projectDir ?? null, withFlags: opts.flags };
}

/** A large refresh on worker threads (CompilePool): returns the sessions no worker could answer for. */
async function refreshInWorkers(db: Db, ids: readonly string[], opts: RefreshOptions, workers: number, result: RefreshResult): Promise<string[]> {
  const pool = new CompilePool(db, opts.versions, workerInit(db, opts), workers, () => {
    const t = pool.tally;
    opts.onProgress?.(t.refreshed + t.failed.length + t.busy, ids.length);
  });
  pool.submit(ids);
  const left = await pool.finish();
  result.refreshed += pool.tally.refreshed;
  result.inWorkers += pool.tally.refreshed;
  result.failed.push(...pool.tally.failed);
  result.busy += pool.tally.busy;
  return left;
}

/** CLAWTRACE_COMPILE_WORKERS, when set: how many worker threads to use (0 = none), whatever the machine looks like. */
function workersFromEnv(): number | undefined {
  const v = process.env['CLAWTRACE_COMPILE_WORKERS'];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** Cores no other program keeps busy (at most 4). */
function idleCores(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.min(4, cores - Math.floor(os.loadavg()[0] ?? 0));
}

/**
 * Compiles sessions while something else writes them (an import): `poke()` after each step of that work hands the
 * sessions that became stale to a worker thread; `finish()` waits for them. Null when there is no idle core to run
 * it on (the refresh after the import then does the work).
 */
export function compileAlongside(db: Db, opts: RefreshOptions): { poke: () => void; finish: () => Promise<void> } | null {
  if (!opts.priceSource || db.memory) return null;
  // the import keeps one core busy: a worker needs another
  const n = opts.workers ?? workersFromEnv() ?? (idleCores() >= 2 ? 1 : 0);
  if (n < 1) return null;
  opts.table();
  const pool = new CompilePool(db, opts.versions, workerInit(db, opts), n);
  let last = 0;
  return {
    poke: () => {
      const now = Date.now();
      if (now - last < 250) return;
      last = now;
      pool.submit(staleSessionIds(db, opts.versions, { needFlags: opts.flags }).filter((id) => !pool.has(id)));
    },
    finish: async () => {
      await pool.finish();
    },
  };
}

/** Worker threads for this refresh: as asked, or one per idle core (at most 4) when the refresh is large enough. */
function workerCount(opts: RefreshOptions, stale: number, db: Db): number {
  if (!opts.priceSource || db.memory) return 0;
  let n = opts.workers ?? workersFromEnv();
  if (n === undefined) {
    if (stale < (opts.flags ? PARALLEL_FROM.flags : PARALLEL_FROM.facts)) return 0;
    // cores other programs keep busy would only be shared
    n = idleCores();
  }
  return n > 1 ? Math.min(n, Math.ceil(stale / BATCH)) : 0;
}

/** Brings every stale session's summary and facts up to date (nothing to do is one query). */
export async function refreshSummaries(db: Db, opts: RefreshOptions): Promise<RefreshResult> {
  const wanted = opts.only ? new Set(opts.only) : null;
  const ids = staleSessionIds(db, opts.versions, { needFlags: opts.flags }).filter((id) => wanted === null || wanted.has(id));
  const result: RefreshResult = { refreshed: 0, failed: [], busy: 0, inWorkers: 0 };
  if (ids.length === 0) return result;
  const workers = workerCount(opts, ids.length, db);
  // a price table that cannot load is the caller's one-line error, before any worker starts
  if (workers > 0) opts.table();
  const left = workers > 0 ? await refreshInWorkers(db, ids, opts, workers, result) : ids;
  if (left.length > 0) refreshHere(db, left, opts, result);
  return result;
}
