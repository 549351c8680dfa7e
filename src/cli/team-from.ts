import type { TraceCard } from '../compile/card/schema.js';
import type { UsageQuery, UsageReport } from '../domain/usage-report.js';
import type { ProjectAliases } from '../report/usage/projects.js';
import type { TeamStore } from '../team/client.js';

/**
 * `--from clickhouse://…` for the commands that read sessions: the same command over the whole team's store.
 * Each opens the store, reads what it needs (aggregated there), and closes it. The ClickHouse client and the team
 * readers are loaded only then: the local commands do not pay for them.
 */
export const FROM_OPTION = ['--from <url>', 'read the team store (clickhouse://user:pass@host:8123/db, or $CLAWTRACE_CLICKHOUSE_URL with --from env) instead of this database'] as const;

/** Opens the store `--from` names (`env`: $CLAWTRACE_CLICKHOUSE_URL), reads it, closes it; team errors as one line. */
async function fromTeam<T>(url: string, read: (store: TeamStore) => Promise<T>): Promise<T> {
  const [{ withTeamErrors }, { openTeamFrom }] = await Promise.all([import('./team-errors.js'), import('../team/open.js')]);
  return withTeamErrors(async () => {
    const store = await openTeamFrom(url === 'env' ? undefined : url, process.env, '--from');
    try {
      return await read(store);
    } finally {
      await store.close();
    }
  });
}

/** `sessions --from`: the team's sessions as a table or JSON. */
export async function printTeamSessions(url: string, flags: { json?: boolean; limit?: number }): Promise<void> {
  const [{ clickhouseSessions }, { renderTeamSessions }] = await Promise.all([import('../team/read.js'), import('../team/sessions-view.js')]);
  await fromTeam(url, async (store) => {
    const rows = await clickhouseSessions(store, flags.limit ? { limit: flags.limit } : {});
    process.stdout.write(flags.json ? `${JSON.stringify(rows, null, 2)}\n` : renderTeamSessions(rows));
  });
}

/** `distill --from` / `compare --from`: everyone's cards (selectors as locally; since in ms). */
export async function teamCards(url: string, selectors: readonly string[], since: number | null): Promise<TraceCard[]> {
  const [{ clickhouseCards }, { selectCards }] = await Promise.all([import('../team/read.js'), import('../team/selectors.js')]);
  return fromTeam(url, async (store) => {
    const { cards, skipped } = await clickhouseCards(store, since === null ? {} : { since });
    if (skipped > 0) process.stderr.write(`clawtrace: ${skipped} card(s) in the team store were written by a newer clawtrace and are left out\n`);
    return selectCards(cards, selectors);
  });
}

/** `report --from`: the usage report over the whole team, aggregated by ClickHouse (same query, same shape). */
export async function teamUsageReport(url: string, query: UsageQuery, aliases: ProjectAliases = new Map()): Promise<UsageReport> {
  const { clickhouseUsageReport } = await import('../team/report.js');
  return fromTeam(url, (store) => clickhouseUsageReport(store, query, aliases));
}
