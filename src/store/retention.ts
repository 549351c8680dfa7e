import fs from 'node:fs';
import { reparseSession, sessionNeedsReparse } from '../compile/reparse.js';
import type { Db } from './db.js';

/**
 * What the local store holds, and `clawtrace gc`: raw exchange bodies are most of the bytes (a heavy user writes
 * gigabytes a month), while calls, cards and flags are computed from the normalized calls. Retention drops the raw
 * exchanges of whole sessions (older than an age, then oldest first until under a size), after making sure their
 * calls were parsed by this build's parsers; the calls stay, detached from their exchanges, so cards, flags and
 * reports are unchanged and `recompile` has nothing left to re-parse for those sessions.
 */
export interface StoreSize {
  sessions: number;
  calls: number;
  exchanges: number;
  /** stored body bytes (as kept: deflated where large) */
  rawBytes: number;
  /** the database file with its WAL */
  fileBytes: number;
}

export interface RetentionPolicy {
  /** drop raw exchanges of sessions started more than this many ms ago */
  olderThanMs: number | null;
  /** then drop the oldest sessions' raw exchanges until the raw bytes are at most this */
  maxRawBytes: number | null;
  dryRun: boolean;
}

export interface GcResult {
  sessions: number;
  exchanges: number;
  rawBytes: number;
}

/** A session still recording (not ended, started in the last day) keeps its exchanges whatever the policy. */
const LIVE_MS = 24 * 60 * 60 * 1000;

export function storeSize(db: Db, file: string | null): StoreSize {
  const count = (sql: string): number => (db.prepare(sql).get() as { n: number | null }).n ?? 0;
  let fileBytes = 0;
  if (file && file !== ':memory:') {
    for (const f of [file, `${file}-wal`]) if (fs.existsSync(f)) fileBytes += fs.statSync(f).size;
  }
  return {
    sessions: count('SELECT COUNT(*) AS n FROM sessions'),
    calls: count('SELECT COUNT(*) AS n FROM llm_calls'),
    exchanges: count('SELECT COUNT(*) AS n FROM exchanges'),
    rawBytes: count('SELECT SUM(LENGTH(request_body) + LENGTH(response_body)) AS n FROM exchanges'),
    fileBytes,
  };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i] ?? 'TB'}`;
}

/** One line: what the store holds and how much of it is raw bodies. */
export function storeSizeLine(s: StoreSize): string {
  return `store: ${s.sessions} sessions, ${s.calls} calls, ${s.exchanges} raw exchanges (${formatBytes(s.rawBytes)} of bodies); file ${formatBytes(s.fileBytes)}`;
}

interface Candidate {
  id: string;
  started_at: number;
  ended_at: number | null;
  bytes: number;
}

/** Drops raw exchanges by the policy; returns what was (or, with dryRun, would be) dropped. */
export function collectGarbage(db: Db, policy: RetentionPolicy, now = Date.now()): GcResult {
  const sessions = db
    .prepare(
      `SELECT s.id, s.started_at, s.ended_at, SUM(LENGTH(x.request_body) + LENGTH(x.response_body)) AS bytes
       FROM sessions s JOIN exchanges x ON x.session_id = s.id GROUP BY s.id ORDER BY s.started_at, s.id`,
    )
    .all() as Candidate[];
  const eligible = sessions.filter((s) => !(s.ended_at === null && now - s.started_at < LIVE_MS));
  const drop = new Set<string>();
  if (policy.olderThanMs !== null) for (const s of eligible) if (now - s.started_at > policy.olderThanMs) drop.add(s.id);
  if (policy.maxRawBytes !== null) {
    let total = sessions.reduce((sum, s) => sum + s.bytes, 0) - eligible.filter((s) => drop.has(s.id)).reduce((sum, s) => sum + s.bytes, 0);
    for (const s of eligible) {
      if (total <= policy.maxRawBytes) break;
      if (drop.has(s.id)) continue;
      drop.add(s.id);
      total -= s.bytes;
    }
  }
  const chosen = eligible.filter((s) => drop.has(s.id));
  const result: GcResult = { sessions: chosen.length, exchanges: 0, rawBytes: chosen.reduce((sum, s) => sum + s.bytes, 0) };
  const countEx = db.prepare(`SELECT COUNT(*) AS n FROM exchanges WHERE session_id = ?`);
  for (const s of chosen) result.exchanges += (countEx.get(s.id) as { n: number }).n;
  if (policy.dryRun || chosen.length === 0) return result;
  const detach = db.prepare(`UPDATE llm_calls SET exchange_id = NULL WHERE session_id = ?`);
  const remove = db.prepare(`DELETE FROM exchanges WHERE session_id = ?`);
  for (const s of chosen) {
    // calls parsed by an older parser are brought up to date while their raw exchanges still exist
    if (sessionNeedsReparse(db, s.id)) reparseSession(db, s.id);
    db.transaction(() => {
      detach.run(s.id);
      remove.run(s.id);
    })();
  }
  return result;
}

/** Gives the freed pages back to the file system (after a gc that dropped something). */
export function compactStore(db: Db): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
}
