import assert from 'node:assert/strict';
import { refreshStale } from '../../src/cli/refresh-summaries.js';
import type { UsageQuery, UsageReport, UsageReportKind, UsageRow } from '../../src/domain/usage-report.js';
import { buildUsageReport, FilterMatchesNothing } from '../../src/report/usage/build-report.js';
import type { ProjectAliases } from '../../src/report/usage/projects.js';
import { summaryVersions } from '../../src/report/usage/versions.js';
import type { Db } from '../../src/store/db.js';
import { projectDir } from '../../src/store/location.js';
import type { TeamStore } from '../../src/team/client.js';
import { clickhouseUsageReport } from '../../src/team/report.js';

/**
 * "Reports from ClickHouse equal the same reports from SQLite, to the cent": the local report (`buildUsageReport`
 * over the facts `clawtrace report` refreshes) is the reference, and the team store's report for the same query over
 * the same sessions must equal it in every row, key, label, order and figure.
 */

const KINDS: UsageReportKind[] = ['daily', 'weekly', 'monthly', 'sessions', 'projects', 'models', 'agents'];
/** with and without summer time, both hemispheres, a half-hour offset */
export const ZONES = ['UTC', 'Europe/Paris', 'America/Los_Angeles', 'Australia/Sydney', 'Asia/Kolkata', 'Asia/Tokyo'];

type Over = Partial<Omit<UsageQuery, 'filters'>> & Partial<UsageQuery['filters']>;

export function query(kind: UsageReportKind, over: Over = {}): UsageQuery {
  const { project = null, agent = null, model = null, ...rest } = over;
  return { kind, tz: 'UTC', since: null, until: null, filters: { project, agent, model }, breakdown: true, weekStart: 'monday', ...rest };
}

/** Every kind in every zone (weeks from Monday and from Sunday), with and without breakdown, ranges, each filter. */
export function reportQueries(paths: { alpha: string }): UsageQuery[] {
  const qs: UsageQuery[] = [];
  for (const tz of ZONES) {
    for (const kind of KINDS) qs.push(query(kind, { tz }));
    qs.push(query('weekly', { tz, weekStart: 'sunday' }), query('daily', { tz, breakdown: false }));
  }
  qs.push(
    query('daily', { tz: 'Europe/Paris', since: '2026-03-02', until: '2026-03-04' }),
    query('daily', { tz: 'America/Los_Angeles', since: '2026-03-08', until: '2026-03-09' }),
    query('weekly', { tz: 'Australia/Sydney', since: '2026-03-30', weekStart: 'sunday' }),
    query('monthly', { tz: 'Asia/Tokyo', since: '2026-04-01' }),
    query('sessions', { tz: 'America/Los_Angeles', until: '2026-03-08' }),
    query('models', { until: '2026-03-05', breakdown: false }),
    query('agents', { since: '2030-01-01' }),
    query('projects', { until: '1969-12-31' }),
    query('models', { project: 'alpha' }),
    query('daily', { project: paths.alpha, tz: 'Europe/Paris' }),
    query('agents', { project: 'the-beta' }),
    query('projects', { agent: 'CLAUDE', breakdown: false }),
    query('sessions', { agent: 'c' }),
    query('daily', { model: 'GPT', tz: 'Asia/Tokyo' }),
    query('weekly', { model: 'mystery', tz: 'America/Los_Angeles', weekStart: 'sunday' }),
    query('projects', { model: 'sonnet', agent: 'claude', since: '2026-03-02', until: '2026-03-31', tz: 'Europe/Paris' }),
  );
  return qs;
}

/** Refreshes the local facts as `clawtrace report` does before it reads them (same versions, same price table). */
export async function refreshLocal(db: Db): Promise<void> {
  const dir = projectDir(process.cwd());
  await refreshStale(db, { versions: summaryVersions(undefined, dir), prices: undefined, projectDir: dir, flags: false });
}

function money(r: UsageReport): number[] {
  const of = (x: UsageRow): number[] => [x.cost_usd, ...(x.breakdown ?? []).flatMap(of)];
  return [...r.rows.flatMap(of), ...of(r.totals)];
}

function withoutMoney(r: UsageReport): unknown {
  const strip = (x: UsageRow): UsageRow => ({ ...x, cost_usd: 0, ...(x.breakdown ? { breakdown: x.breakdown.map(strip) } : {}) });
  return { ...r, rows: r.rows.map(strip), totals: strip(r.totals) };
}

/**
 * Equal in everything; money to the micro-dollar (much finer than the cent): ClickHouse sums exact nano-dollars,
 * SQLite sums doubles, so a sum on a rounding edge may differ in the sixth decimal, never more.
 */
export function assertSameReport(team: UsageReport, local: UsageReport, what: string): void {
  assert.deepEqual(withoutMoney(team), withoutMoney(local), what);
  const t = money(team);
  const l = money(local);
  t.forEach((x, i) => assert.ok(Math.abs(x - (l[i] ?? Number.NaN)) < 1.5e-6, `${what}: $${x} vs $${l[i]} (figure ${i})`));
}

/** The report from both stores, or the filter error from both (the same values named). */
export async function both(store: TeamStore, db: Db, q: UsageQuery, aliases: ProjectAliases): Promise<{ team: UsageReport; local: UsageReport } | null> {
  let local: UsageReport;
  try {
    local = buildUsageReport(db, q, aliases);
  } catch (err) {
    if (!(err instanceof FilterMatchesNothing)) throw err;
    await assert.rejects(clickhouseUsageReport(store, q, aliases), (e: unknown) => e instanceof FilterMatchesNothing && e.message === err.message && JSON.stringify(e.known) === JSON.stringify(err.known));
    return null;
  }
  return { team: await clickhouseUsageReport(store, q, aliases), local };
}

/** Compares every query; returns the local reports, for checks of their own. */
export async function assertSameReports(store: TeamStore, db: Db, queries: readonly UsageQuery[], aliases: ProjectAliases, label: string): Promise<UsageReport[]> {
  const out: UsageReport[] = [];
  for (const q of queries) {
    const r = await both(store, db, q, aliases);
    if (!r) continue;
    assertSameReport(r.team, r.local, `${label}: ${JSON.stringify(q)}`);
    out.push(r.local);
  }
  return out;
}
