import type { PriceTable } from '../compile/pricing/rates.js';
import type { Db } from '../store/db.js';
import { listSessionSummaries, type SummaryVersions } from '../store/summaries-repo.js';
import { sessionRow, type SessionRow } from './sessions-table.js';
import { refreshSummaries, type RefreshResult } from './usage/refresh.js';

/**
 * The sessions list from stored summaries: only sessions that changed (or whose compile or price version moved)
 * are compiled, so listing a thousand sessions is one query.
 */
export function sessionList(
  db: Db,
  opts: { versions: SummaryVersions; table: () => PriceTable; limit?: number; onProgress?: (done: number, total: number) => void },
): { rows: SessionRow[]; refresh: RefreshResult } {
  const refresh = refreshSummaries(db, { versions: opts.versions, table: opts.table, flags: true, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
  const listed = listSessionSummaries(db, opts.versions, opts.limit !== undefined ? { limit: opts.limit } : {});
  return { rows: listed.map(sessionRow), refresh };
}
