import type { Db } from '../store/db.js';
import { staleSessionIds, type SummaryVersions } from '../store/summaries-repo.js';
import type { RefreshResult } from '../report/usage/refresh.js';
import { compileProgress } from './progress.js';

/**
 * Compiles the sessions whose stored summary is missing or stale, before a report or the sessions list reads them.
 * The compile modules and the price data are loaded only when there is something to compile, so a call on an
 * unchanged store costs one query. Sessions that cannot be compiled are named on stderr, once.
 */
export async function refreshStale(
  db: Db,
  o: { versions: SummaryVersions; prices: string | undefined; projectDir: string | null; flags: boolean; only?: readonly string[] },
): Promise<RefreshResult | null> {
  const wanted = o.only ? new Set(o.only) : null;
  if (!staleSessionIds(db, o.versions, { needFlags: o.flags }).some((id) => wanted === null || wanted.has(id))) return null;
  const { refreshSummaries } = await import('../report/usage/refresh.js');
  const { priceTableFor } = await import('./pricing-option.js');
  const progress = compileProgress();
  const r = await refreshSummaries(db, {
    versions: o.versions,
    table: () => priceTableFor(o.prices),
    priceSource: { pricesFile: o.prices ?? null, projectDir: o.projectDir },
    flags: o.flags,
    ...(o.only ? { only: o.only } : {}),
    ...(progress ? { onProgress: progress } : {}),
  });
  if (r.failed.length > 0) {
    const ids = r.failed.map((f) => f.id);
    process.stderr.write(
      `clawtrace: ${ids.length} session(s) could not be compiled${o.flags ? '' : ' and are left out'}: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''} (\`clawtrace card <id>\` says why)\n`,
    );
  }
  return r;
}
