import { PARSER_VERSION } from '../capture/wire/index.js';
import type { PriceTable } from '../compile/pricing/rates.js';
import { COMPILE_VERSION } from '../compile/version.js';
import type { Db } from '../store/db.js';
import { canonicalJson, shortHash } from '../util/hash.js';

/**
 * The local side of incremental pushes (SQLite table `push_state`, migration 5): for each team store (its endpoint
 * and database, no credentials) and session, the fingerprint that was pushed. A session is pushed again only when
 * its fingerprint moved: new or re-parsed calls, a new outcome or label, another compile or parser version, other
 * user prices.
 */
export interface PushedState {
  fingerprint: string;
  rawPushed: boolean;
}

interface FingerprintRow {
  id: string;
  started_at: number;
  [k: string]: unknown;
}

/** Every local session with its current fingerprint, oldest first. */
export function sessionFingerprints(db: Db, table: PriceTable): { id: string; startedAt: number; fingerprint: string }[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.label, s.tags_json, s.agent_name, s.cwd, s.started_at, s.ended_at, s.exit_code, s.stopped_reason,
              s.outcome_status, s.outcome_source, s.outcome_evidence,
              COUNT(c.id) AS calls, MAX(c.id) AS max_call, SUM(LENGTH(c.call_json)) AS call_bytes,
              MIN(c.parser_version) AS min_parser,
              (SELECT COUNT(*) FROM exchanges x WHERE x.session_id = s.id) AS exchanges
       FROM sessions s LEFT JOIN llm_calls c ON c.session_id = s.id
       GROUP BY s.id ORDER BY s.started_at, s.id`,
    )
    .all() as FingerprintRow[];
  const versions = canonicalJson({ compile: COMPILE_VERSION, parser: PARSER_VERSION, prices: table.userEntries() });
  return rows.map((r) => ({ id: r.id, startedAt: r.started_at, fingerprint: shortHash(`${versions}\n${canonicalJson(r)}`) }));
}

export function pushedStates(db: Db, target: string): Map<string, PushedState> {
  const rows = db.prepare(`SELECT session_id, fingerprint, raw_pushed FROM push_state WHERE target = ?`).all(target) as {
    session_id: string;
    fingerprint: string;
    raw_pushed: number;
  }[];
  return new Map(rows.map((r) => [r.session_id, { fingerprint: r.fingerprint, rawPushed: r.raw_pushed !== 0 }]));
}

export function markPushed(db: Db, target: string, sessions: readonly { id: string; fingerprint: string; rawPushed: boolean }[]): void {
  const stmt = db.prepare(
    `INSERT INTO push_state (target, session_id, fingerprint, raw_pushed, pushed_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(target, session_id) DO UPDATE SET fingerprint = excluded.fingerprint,
       raw_pushed = MAX(push_state.raw_pushed, excluded.raw_pushed), pushed_at = excluded.pushed_at`,
  );
  const now = Date.now();
  db.transaction(() => {
    for (const s of sessions) stmt.run(target, s.id, s.fingerprint, s.rawPushed ? 1 : 0, now);
  })();
}
