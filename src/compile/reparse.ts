import type { Db } from '../store/db.js';
import { listExchanges } from '../store/exchanges-repo.js';
import { upsertCall, type NewCall } from '../store/calls-repo.js';
import { PARSER_VERSION, parseStoredExchange } from '../capture/wire/index.js';

/** Sessions with calls parsed by an older parser than this build's: a recompile brings them up to date. */
export function sessionNeedsReparse(db: Db, sessionId: string): boolean {
  const row = db
    .prepare(`SELECT COUNT(*) AS n FROM llm_calls WHERE session_id = ? AND exchange_id IS NOT NULL AND parser_version < ?`)
    .get(sessionId, PARSER_VERSION) as { n: number };
  return row.n > 0;
}

/** Calls written per transaction: a long recompile holds the write lock for a batch at a time, never for a session. */
const BATCH = 100;

/**
 * Re-parses every stored raw exchange of a session with the current wire parsers and replaces the normalized calls:
 * a parser fix is a recompile, not a re-record. Parsing happens outside any transaction and the calls are written in
 * small batches, so a recorder writing at the same time waits at most one batch. Each call is replaced whole, so a
 * recompile cut short leaves every call parsed by one parser or the other, and the next one finishes the job.
 * Returns how many calls were written.
 */
export function reparseSession(db: Db, sessionId: string): number {
  const exchanges = listExchanges(db, sessionId);
  const write = db.transaction((rows: NewCall[]) => {
    for (const r of rows) upsertCall(db, r);
  });
  let written = 0;
  for (let i = 0; i < exchanges.length; i += BATCH) {
    const rows: NewCall[] = [];
    for (const x of exchanges.slice(i, i + BATCH)) {
      const call = parseStoredExchange(x);
      if (call.api === 'unknown') continue;
      rows.push({ sessionId, seq: x.seq, exchangeId: x.id, naturalKey: null, parserVersion: PARSER_VERSION, startedAt: x.startedAt, firstByteAt: x.firstByteAt, endedAt: x.endedAt, call });
    }
    write(rows);
    written += rows.length;
  }
  return written;
}
