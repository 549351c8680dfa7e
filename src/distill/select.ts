import type { Session } from '../domain/session.js';
import type { Db } from '../store/db.js';
import { listSessions } from '../store/sessions-repo.js';

/**
 * Sessions matching any of the selectors: an id or id prefix, a label, a tag `k=v`, or all when none is given;
 * `since` (ms) keeps only sessions started after it.
 */
export function selectSessions(db: Db, selectors: readonly string[], since: number | null): Session[] {
  const all = listSessions(db, since !== null ? { since } : {});
  if (selectors.length === 0) return all;
  return all.filter((s) =>
    selectors.some((sel) => {
      const eq = sel.indexOf('=');
      if (eq > 0) return s.tags[sel.slice(0, eq)] === sel.slice(eq + 1);
      return s.id.startsWith(sel) || s.label === sel;
    }),
  );
}

export function parseSince(value: string | undefined): number | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? Number.NaN : t;
}
