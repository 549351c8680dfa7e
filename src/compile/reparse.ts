import type { Db } from '../store/db.js';
import { listExchanges } from '../store/exchanges-repo.js';
import { upsertCall } from '../store/calls-repo.js';
import { PARSER_VERSION, parseStoredExchange } from '../capture/wire/index.js';

/** Sessions with calls parsed by an older parser than this build's: a recompile brings them up to date. */
export function sessionNeedsReparse(db: Db, sessionId: string): boolean {
  const row = db
    .prepare(`SELECT COUNT(*) AS n FROM llm_calls WHERE session_id = ? AND exchange_id IS NOT NULL AND parser_version < ?`)
    .get(sessionId, PARSER_VERSION) as { n: number };
  return row.n > 0;
}

/**
 * Re-parses every stored raw exchange of a session with the current wire parsers and replaces the normalized calls:
 * a parser fix is a recompile, not a re-record. Returns how many calls were written.
 */
export function reparseSession(db: Db, sessionId: string): number {
  let written = 0;
  const exchanges = listExchanges(db, sessionId);
  db.transaction(() => {
    for (const x of exchanges) {
      const call = parseStoredExchange(x);
      if (call.api === 'unknown') continue;
      upsertCall(db, {
        sessionId,
        seq: x.seq,
        exchangeId: x.id,
        naturalKey: null,
        parserVersion: PARSER_VERSION,
        startedAt: x.startedAt,
        firstByteAt: x.firstByteAt,
        endedAt: x.endedAt,
        call,
      });
      written++;
    }
  })();
  return written;
}
