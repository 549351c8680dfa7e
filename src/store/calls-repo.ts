import { NormalizedCallSchema, type LlmCallRecord, type NormalizedCall } from '../domain/llm-call.js';
import { cached, type Db } from './db.js';

export interface NewCall {
  sessionId: string;
  seq: number;
  exchangeId: number | null;
  naturalKey: string | null;
  parserVersion: number;
  startedAt: number;
  firstByteAt: number | null;
  endedAt: number | null;
  call: NormalizedCall;
}

/** Inserts or replaces the normalized call of an exchange (re-parse) or of an import (natural key). */
export function upsertCall(db: Db, c: NewCall): void {
  const json = JSON.stringify(c.call);
  if (c.exchangeId !== null) {
    cached(
      db,
      `INSERT INTO llm_calls (session_id, seq, exchange_id, natural_key, parser_version, started_at, first_byte_at, ended_at, model, call_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(exchange_id) DO UPDATE SET parser_version = excluded.parser_version, model = excluded.model,
         call_json = excluded.call_json`,
    ).run(c.sessionId, c.seq, c.exchangeId, c.naturalKey, c.parserVersion, c.startedAt, c.firstByteAt, c.endedAt, c.call.model, json);
    return;
  }
  cached(
    db,
    `INSERT INTO llm_calls (session_id, seq, exchange_id, natural_key, parser_version, started_at, first_byte_at, ended_at, model, call_json)
     VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(natural_key) DO UPDATE SET seq = excluded.seq, parser_version = excluded.parser_version,
       started_at = excluded.started_at, ended_at = excluded.ended_at, model = excluded.model, call_json = excluded.call_json`,
  ).run(c.sessionId, c.seq, c.naturalKey, c.parserVersion, c.startedAt, c.firstByteAt, c.endedAt, c.call.model, json);
}

interface CallRow {
  id: number;
  session_id: string;
  seq: number;
  exchange_id: number | null;
  parser_version: number;
  started_at: number;
  first_byte_at: number | null;
  ended_at: number | null;
  call_json: string;
}

export interface StoredCall extends LlmCallRecord {
  parserVersion: number;
}

export function listCalls(db: Db, sessionId: string): StoredCall[] {
  const rows = db
    .prepare(`SELECT * FROM llm_calls WHERE session_id = ? ORDER BY started_at, seq, id`)
    .all(sessionId) as CallRow[];
  return rows.map((r) => ({
    id: r.id,
    sessionId: r.session_id,
    seq: r.seq,
    exchangeId: r.exchange_id,
    startedAt: r.started_at,
    firstByteAt: r.first_byte_at,
    endedAt: r.ended_at,
    parserVersion: r.parser_version,
    call: NormalizedCallSchema.parse(JSON.parse(r.call_json)),
  }));
}

export interface CallCounts {
  calls: number;
}

export function countCalls(db: Db, sessionId: string): number {
  const row = db.prepare(`SELECT COUNT(*) AS n FROM llm_calls WHERE session_id = ?`).get(sessionId) as { n: number };
  return row.n;
}
