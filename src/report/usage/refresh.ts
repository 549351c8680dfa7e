import Database from 'better-sqlite3';
import { buildCard } from '../../compile/card/build-card.js';
import { computeStepCosts } from '../../compile/cost/step-costs.js';
import type { PriceTable } from '../../compile/pricing/rates.js';
import { reparseSession, sessionNeedsReparse } from '../../compile/reparse.js';
import { buildStructure } from '../../compile/structure/index.js';
import { usageFacts } from '../../compile/usage-facts.js';
import type { Db } from '../../store/db.js';
import { listCalls } from '../../store/calls-repo.js';
import { getSession } from '../../store/sessions-repo.js';
import { staleSessionIds, writeSummary, type SummaryVersions } from '../../store/summaries-repo.js';
import { projectOf } from './projects.js';
import { summarizeSession } from './summarize.js';

export interface RefreshOptions {
  versions: SummaryVersions;
  /** the price table the versions describe; asked for only when a session must be compiled */
  table: () => PriceTable;
  /** compile whole cards for the flags (the sessions list); reports need only the facts */
  flags: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface RefreshResult {
  refreshed: number;
  /** sessions whose stored data could not be compiled: listed without figures */
  failed: { id: string; message: string }[];
  /** sessions that changed while they were compiled: still stale, compiled again on the next call */
  busy: number;
}

const isBusy = (err: unknown): boolean => err instanceof Database.SqliteError && err.code.startsWith('SQLITE_BUSY');

/**
 * Compiles one session and stores its summary and usage facts, all in one transaction that began with the read of
 * its calls: if a recorder or an import wrote to the session meanwhile, the write fails as busy and nothing is
 * stored (a summary must never outlive the data it was made from).
 */
function refreshOne(db: Db, id: string, opts: RefreshOptions, table: PriceTable): void {
  if (sessionNeedsReparse(db, id)) reparseSession(db, id);
  db.transaction(() => {
    const session = getSession(db, id);
    if (!session) return;
    const calls = listCalls(db, id);
    const structure = buildStructure(calls);
    const costs = computeStepCosts(structure, table);
    let card = null;
    if (opts.flags) {
      const byCall = new Map(calls.map((c) => [c.id, c.call.outputText]));
      const outputs = new Map<string, string>();
      for (const s of structure.steps) if (s.kind === 'llm') outputs.set(s.id, byCall.get(s.callId) ?? '');
      card = buildCard({ session, structure, costs, outputs });
    }
    const project = projectOf(session.cwd);
    const summary = summarizeSession({ session, structure, costs, calls, project, card });
    writeSummary(db, opts.versions, summary, usageFacts(session, structure, costs, project));
  }).deferred();
}

/** Brings every stale session's summary and facts up to date (nothing to do is one query). */
export function refreshSummaries(db: Db, opts: RefreshOptions): RefreshResult {
  const ids = staleSessionIds(db, opts.versions, { needFlags: opts.flags });
  const result: RefreshResult = { refreshed: 0, failed: [], busy: 0 };
  if (ids.length === 0) return result;
  const table = opts.table();
  ids.forEach((id, i) => {
    try {
      refreshOne(db, id, opts, table);
      result.refreshed++;
    } catch (err) {
      if (isBusy(err)) result.busy++;
      else result.failed.push({ id, message: err instanceof Error ? err.message : String(err) });
    }
    opts.onProgress?.(i + 1, ids.length);
  });
  return result;
}
