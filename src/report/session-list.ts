import type { Db } from '../store/db.js';
import { listSessionSummaries } from '../store/summaries-repo.js';
import { sessionRow, type SessionRow } from './sessions-table.js';
import { refreshSummaries, type RefreshOptions, type RefreshResult } from './usage/refresh.js';

/**
 * The sessions list from stored summaries: only sessions that changed (or whose compile or price version moved)
 * are compiled, so listing a thousand sessions is one query.
 */
export async function sessionList(
  db: Db,
  opts: Omit<RefreshOptions, 'flags'> & { limit?: number },
): Promise<{ rows: SessionRow[]; refresh: RefreshResult }> {
  const { limit, ...refreshOpts } = opts;
  const refresh = await refreshSummaries(db, { ...refreshOpts, flags: true });
  const listed = listSessionSummaries(db, opts.versions, limit !== undefined ? { limit } : {});
  return { rows: listed.map(sessionRow), refresh };
}
