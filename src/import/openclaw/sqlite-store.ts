import path from 'node:path';
import Database from 'better-sqlite3';
import { decompress } from 'fzstd';
import type { SkipCounter } from '../common/types.js';
import type { SessionsIndex } from './group.js';

/**
 * OpenClaw >= 2026.9 keeps each agent's sessions in one SQLite file, `agents/<agent>/agent/openclaw-agent.sqlite`,
 * instead of a JSONL file per session. Its `transcript_events` rows are the same entries the JSONL files held (as
 * JSON, or zstd-compressed JSON), so the same reader replays them; `session_nodes` and `session_windows` replace
 * sessions.json (session key → current session id, who spawned it, its label).
 */
export const STORE_FILE = 'openclaw-agent.sqlite';

/** True for OpenClaw's session store: its file name, and SQLite's own header. */
export function looksLikeStore(file: string, head: string): boolean {
  return path.basename(file) === STORE_FILE && head.startsWith('SQLite format 3\u0000');
}

export interface StoreSession {
  id: string;
  key: string;
  /** the window this one continues after a compaction or rollover (same conversation, new session id) */
  continues: string | null;
  events: unknown[];
}

export interface StoreContents {
  appVersion: string | null;
  sessions: StoreSession[];
  index: SessionsIndex;
}

interface WindowRow {
  session_id: string;
  session_key: string;
  previous_session_id: string | null;
  reason: string | null;
}

interface NodeRow {
  session_key: string;
  current_session_id: string;
  spawned_by: string | null;
  label: string | null;
}

interface EventRow {
  session_id: string;
  event_json: string | null;
  event_zstd: Buffer | null;
}

const CONTINUING = new Set(['compaction', 'rollover']);
const EMPTY: StoreContents = { appVersion: null, sessions: [], index: new Map() };

function eventOf(row: EventRow, skips: SkipCounter): unknown {
  try {
    const text = row.event_json ?? (row.event_zstd ? Buffer.from(decompress(row.event_zstd)).toString('utf8') : null);
    if (text === null) return undefined;
    return JSON.parse(text) as unknown;
  } catch (err) {
    // a corrupt compressed event or bad JSON: counted, the rest of the transcript still imports
    skips.add(err instanceof SyntaxError ? 'openclaw:invalid_json' : 'openclaw:undecodable_event');
    return undefined;
  }
}

/** Reads every session of a store, read-only; an unreadable or foreign SQLite file is counted and gives nothing. */
export function readStore(file: string, skips: SkipCounter): StoreContents {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    skips.add('openclaw:unreadable_store');
    return EMPTY;
  }
  try {
    const meta = db.prepare(`SELECT app_version FROM schema_meta WHERE meta_key = 'primary'`).get() as { app_version: string | null } | undefined;
    const nodes = db.prepare(`SELECT session_key, current_session_id, spawned_by, label FROM session_nodes`).all() as NodeRow[];
    const windows = db.prepare(`SELECT session_id, session_key, previous_session_id, reason FROM session_windows ORDER BY created_at, session_id`).all() as WindowRow[];
    const events = new Map<string, unknown[]>();
    for (const row of db.prepare(`SELECT session_id, event_json, event_zstd FROM transcript_events ORDER BY session_id, seq`).iterate() as IterableIterator<EventRow>) {
      const ev = eventOf(row, skips);
      if (ev === undefined) continue;
      const list = events.get(row.session_id) ?? [];
      list.push(ev);
      events.set(row.session_id, list);
    }
    const index: SessionsIndex = new Map(nodes.map((n) => [n.session_key, { sessionId: n.current_session_id, spawnedBy: n.spawned_by, label: n.label }]));
    const sessions = windows
      .filter((w) => events.has(w.session_id))
      .map((w) => ({
        id: w.session_id,
        key: w.session_key,
        continues: w.previous_session_id && CONTINUING.has(w.reason ?? '') ? w.previous_session_id : null,
        events: events.get(w.session_id) ?? [],
      }));
    return { appVersion: meta?.app_version ?? null, sessions, index };
  } catch (err) {
    if (!(err instanceof Database.SqliteError)) throw err;
    // not OpenClaw's schema (or a newer one without these tables): say so rather than guess
    skips.add(`openclaw:unreadable_store:${err.code}`);
    return EMPTY;
  } finally {
    db.close();
  }
}
