import type { TraceCard } from '../compile/card/schema.js';
import type { UsageQuery, UsageReport } from '../domain/usage-report.js';
import type { ProjectAliases } from '../report/usage/projects.js';
import { clickhouseUsageReport } from '../team/report.js';
import { openTeamFrom } from '../team/open.js';
import { clickhouseCards, clickhouseSessions } from '../team/read.js';
import { selectCards } from '../team/selectors.js';
import { renderTeamSessions } from '../team/sessions-view.js';
import { withTeamErrors } from './team-errors.js';

/**
 * `--from clickhouse://…` for the commands that read sessions: the same command over the whole team's store.
 * Each opens the store, reads what it needs (aggregated there), and closes it.
 */
export const FROM_OPTION = ['--from <url>', 'read the team store (clickhouse://user:pass@host:8123/db, or $CLAWTRACE_CLICKHOUSE_URL with --from env) instead of this database'] as const;

function given(url: string): string | undefined {
  return url === 'env' ? undefined : url;
}

/** `sessions --from`: the team's sessions as a table or JSON. */
export async function printTeamSessions(url: string, flags: { json?: boolean; limit?: number }): Promise<void> {
  await withTeamErrors(async () => {
    const store = await openTeamFrom(given(url), process.env, '--from');
    try {
      const rows = await clickhouseSessions(store, flags.limit ? { limit: flags.limit } : {});
      process.stdout.write(flags.json ? `${JSON.stringify(rows, null, 2)}\n` : renderTeamSessions(rows));
    } finally {
      await store.close();
    }
  });
}

/** `distill --from` / `compare --from`: everyone's cards (selectors as locally; since in ms). */
export async function teamCards(url: string, selectors: readonly string[], since: number | null): Promise<TraceCard[]> {
  return withTeamErrors(async () => {
    const store = await openTeamFrom(given(url), process.env, '--from');
    try {
      const { cards, skipped } = await clickhouseCards(store, since === null ? {} : { since });
      if (skipped > 0) process.stderr.write(`clawtrace: ${skipped} card(s) in the team store were written by a newer clawtrace and are left out\n`);
      return selectCards(cards, selectors);
    } finally {
      await store.close();
    }
  });
}

/** `report --from`: the usage report over the whole team, aggregated by ClickHouse (same query, same shape). */
export async function teamUsageReport(url: string, query: UsageQuery, aliases: ProjectAliases = new Map()): Promise<UsageReport> {
  return withTeamErrors(async () => {
    const store = await openTeamFrom(given(url), process.env, '--from');
    try {
      return await clickhouseUsageReport(store, query, aliases);
    } finally {
      await store.close();
    }
  });
}
