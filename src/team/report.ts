import { ratio3, usd6 } from '../compile/card/round.js';
import type { UsageQuery, UsageReport, UsageRow } from '../domain/usage-report.js';
import { promptText } from '../report/prompt-text.js';
import { addDays, offsetSegments, startOfLocalDay, type OffsetSegment } from '../report/time-zone.js';
import { assembleReport, FilterMatchesNothing } from '../report/usage/build-report.js';
import { matchProjects, projectLabels, type ProjectAliases } from '../report/usage/projects.js';
import { TeamStoreError, type TeamStore } from './client.js';
import { AGGREGATES, factWhere, localDateSql, orderSql, reportGroup, timeKeySql, type TeamAggregate, type TeamFactFilter } from './report-sql.js';
import { checkTeamSchema, latestGenerations } from './schema.js';

/**
 * Usage reports over the whole team, aggregated by ClickHouse (a GROUP BY per figure set, never a row per call pulled
 * back): for the same sessions, the same UsageReport `buildUsageReport` makes from the local facts, row for row
 * (src/domain/usage-report.ts says what a query means). Filters are resolved against the distinct values present and
 * sessions labelled in TypeScript, as the local report does. Money is summed in integer nano-dollars.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Calls are stored to the second as DateTime (1970-2106): bounds are kept inside it, up to 2100-01-01. */
const LAST_SECOND = Date.UTC(2100, 0, 1) / 1000;

/** A local day's first second, for `since` (that day's) or `until` (the next day's); null = unbounded. */
function boundSeconds(tz: string, date: string | null, option: 'since' | 'until'): number | null {
  if (date === null) return null;
  if (!DATE.test(date)) throw new TeamStoreError(`--${option} must be a date (YYYY-MM-DD), got '${date}'`);
  const s = Math.min(Math.max(Math.floor(startOfLocalDay(tz, option === 'since' ? date : addDays(date, 1)) / 1000), 0), LAST_SECOND);
  return option === 'since' && s === 0 ? null : s;
}

async function distinctValues(store: TeamStore, column: 'project' | 'agent_name' | 'model'): Promise<string[]> {
  const rows = await store.rows<{ v: string }>(
    `SELECT DISTINCT ${column} AS v FROM ${store.table('calls')}
     WHERE (session_id, pushed_at) IN ${latestGenerations(store.database)} AND ${column} != '' ORDER BY v`,
  );
  return rows.map((r) => r.v);
}

/** The filters as exact values, matched as the local report matches them (FilterMatchesNothing when none match). */
async function resolveFilter(store: TeamStore, q: UsageQuery, aliases: ProjectAliases): Promise<TeamFactFilter> {
  const f = q.filters;
  const resolve = async (option: 'project' | 'agent' | 'model', value: string | null, match: (v: string, known: string[]) => string[]): Promise<string[] | null> => {
    if (value === null) return null;
    const known = await distinctValues(store, option === 'agent' ? 'agent_name' : option);
    const hit = match(value, known);
    if (hit.length === 0) throw new FilterMatchesNothing(option, value, known);
    return hit;
  };
  const [projects, agents, models] = await Promise.all([
    resolve('project', f.project, (v, known) => matchProjects(v, known, aliases)),
    resolve('agent', f.agent, (v, known) => known.filter((a) => a.toLowerCase().startsWith(v.toLowerCase()))),
    resolve('model', f.model, (v, known) => known.filter((m) => m.toLowerCase().includes(v.toLowerCase()))),
  ]);
  return { fromS: boundSeconds(q.tz, q.since, 'since'), toS: boundSeconds(q.tz, q.until, 'until'), projects, agents, models };
}

/** The zone's offsets over the calls selected (their range asked of ClickHouse), as the local report finds them. */
async function offsetsOver(store: TeamStore, tz: string, where: string): Promise<OffsetSegment[]> {
  const r = await store.rows<{ n: string; lo: number; hi: number }>(
    `SELECT count() AS n, toUInt32(min(started_at)) AS lo, toUInt32(max(started_at)) AS hi FROM ${store.table('calls')} WHERE ${where}`,
  );
  const range = r[0];
  return range && Number(range.n) > 0 ? offsetSegments(tz, range.lo * 1000, range.hi * 1000) : [{ until: null, offsetMs: 0 }];
}

/** A sum of nano-dollars (64-bit, as text) in USD, rounded as the local report rounds. */
function usdOf(nanos: string): number {
  const b = BigInt(nanos);
  return usd6(Number(b / 1_000_000_000n) + Number(b % 1_000_000_000n) / 1e9);
}

function toRow(a: TeamAggregate, key: string, label: string): UsageRow {
  const input = Number(a.input);
  const cacheRead = Number(a.cr);
  return {
    key,
    label,
    cost_usd: usdOf(a.cost),
    unpriced_calls: Number(a.unpriced),
    estimated_calls: Number(a.est),
    tokens: { input, cache_read: cacheRead, cache_write: Number(a.cw), output: Number(a.o), reasoning: Number(a.r) },
    calls: Number(a.calls),
    sessions: Number(a.sessions),
    cache_hit_rate: input > 0 ? ratio3(cacheRead / input) : 0,
  };
}

const sortedModels = (models: readonly string[]): string[] => [...new Set(models)].sort();

interface SessionText {
  session_id: string;
  label: string | null;
  first_prompt: string | null;
}

/** How each key reads: a project's alias or short path, a session's label or first prompt, '(unknown)' for ''. */
async function labeller(store: TeamStore, q: UsageQuery, keys: readonly string[], where: string, aliases: ProjectAliases): Promise<(key: string) => string> {
  if (q.kind === 'projects') {
    const labels = projectLabels(keys.filter((k) => k !== ''), aliases);
    return (k) => (k === '' ? '(unknown)' : labels.get(k) ?? k);
  }
  if (q.kind === 'sessions') {
    const rows = await store.rows<SessionText>(
      `SELECT session_id, label, first_prompt FROM ${store.table('sessions')}
       WHERE (session_id, pushed_at) IN ${latestGenerations(store.database)}
         AND session_id IN (SELECT session_id FROM ${store.table('calls')} WHERE ${where})`,
    );
    const byId = new Map(rows.map((r) => [r.session_id, r.label ?? promptText(r.first_prompt) ?? '']));
    return (k) => byId.get(k) ?? '';
  }
  if (q.kind === 'models' || q.kind === 'agents') return (k) => (k === '' ? '(unknown)' : k);
  return (k) => k;
}

/** The team's usage report for a query (project aliases as the local report takes them). */
export async function clickhouseUsageReport(store: TeamStore, q: UsageQuery, aliases: ProjectAliases = new Map()): Promise<UsageReport> {
  await checkTeamSchema(store);
  const filter = await resolveFilter(store, q, aliases);
  const where = factWhere(store, filter);
  const group = reportGroup(q);
  const timed = 'bucket' in group;
  const key = 'bucket' in group ? timeKeySql(group.bucket, localDateSql(await offsetsOver(store, q.tz, where))) : group.column;
  const calls = store.table('calls');
  const [groups, perModel, totals] = await Promise.all([
    store.rows<TeamAggregate>(`SELECT ${key} AS k, ${AGGREGATES} FROM ${calls} WHERE ${where} GROUP BY k ORDER BY ${orderSql(timed, false)}`),
    q.breakdown
      ? store.rows<TeamAggregate>(`SELECT ${key} AS k, model AS m, ${AGGREGATES} FROM ${calls} WHERE ${where} GROUP BY k, m ORDER BY ${orderSql(timed, true)}`)
      : Promise.resolve([]),
    store.rows<TeamAggregate>(`SELECT '' AS k, ${AGGREGATES} FROM ${calls} WHERE ${where}`),
  ]);
  const label = await labeller(store, q, groups.map((g) => g.k), where, aliases);
  const breakdown = new Map<string, UsageRow[]>();
  for (const a of perModel) {
    const model = a.m ? a.m : '?';
    const list = breakdown.get(a.k) ?? [];
    list.push(toRow(a, model, model));
    breakdown.set(a.k, list);
  }
  const total = totals[0];
  return assembleReport(
    q,
    groups.map((g) => ({ key: g.k, row: toRow(g, g.k, label(g.k)), models: sortedModels(g.models) })),
    breakdown,
    total ? { row: toRow(total, 'total', 'Total'), models: sortedModels(total.models) } : null,
  );
}
