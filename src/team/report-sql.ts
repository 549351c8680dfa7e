import type { UsageQuery } from '../domain/usage-report.js';
import type { OffsetSegment } from '../report/time-zone.js';
import { sqlString, type TeamStore } from './client.js';
import { latestGenerations } from './schema.js';

/**
 * The SQL of a team usage report, built to group exactly as the local one (src/store/usage-aggregate.ts) does over
 * `usage_facts`: the same local dates (the zone's offsets found once in TypeScript, applied by segment in SQL, so
 * both stores use the same time-zone data), the same keys, the same figures and the same row order. Every function
 * and construct here is one ClickHouse 18.16 and current releases both accept.
 *
 * Unknown values are '' in the team store where they are NULL locally (project, agent, model).
 */

/** A report's selection once its filters are resolved against the values present. */
export interface TeamFactFilter {
  /** [from, to) in epoch seconds (local day starts are whole seconds); null = unbounded */
  fromS: number | null;
  toS: number | null;
  /** exact values; null = any */
  projects: readonly string[] | null;
  agents: readonly string[] | null;
  models: readonly string[] | null;
}

export type TimeBucket = 'day' | 'week-monday' | 'week-sunday' | 'month';

/** The UTC day of an instant: the `day` column calls are ordered by, for the index. */
const utcDay = (s: number): string => new Date(s * 1000).toISOString().slice(0, 10);

/** The WHERE clause: each session's latest generation, the range, the resolved filters. */
export function factWhere(store: TeamStore, f: TeamFactFilter): string {
  const parts = [`(session_id, pushed_at) IN ${latestGenerations(store.database)}`];
  // started_at is the call's second (floored), so whole-second bounds select exactly what ms bounds select locally
  if (f.fromS !== null) parts.push(`day >= toDate(${sqlString(utcDay(f.fromS))})`, `started_at >= toDateTime(${f.fromS}, 'UTC')`);
  if (f.toS !== null) parts.push(`day <= toDate(${sqlString(utcDay(f.toS))})`, `started_at < toDateTime(${f.toS}, 'UTC')`);
  const within = (col: string, values: readonly string[] | null): void => {
    if (values !== null) parts.push(values.length ? `${col} IN (${values.map(sqlString).join(', ')})` : '0');
  };
  within('project', f.projects);
  within('agent_name', f.agents);
  within('model', f.models);
  return parts.join(' AND ');
}

/** The local date of a call: its second plus the zone's offset in force then, as a UTC date. */
export function localDateSql(offsets: readonly OffsetSegment[]): string {
  const sec = (ms: number): number => Math.round(ms / 1000);
  const last = sec(offsets[offsets.length - 1]?.offsetMs ?? 0);
  const cases = offsets.flatMap((o) => (o.until === null ? [] : [`started_at < toDateTime(${sec(o.until)}, 'UTC'), ${sec(o.offsetMs)}`]));
  const offset = cases.length ? `multiIf(${cases.join(', ')}, ${last})` : String(last);
  return `toDate(started_at + toInt32(${offset}), 'UTC')`;
}

/** The key a time report groups by, from the local date: the date, its week's first day, or YYYY-MM. */
export function timeKeySql(bucket: TimeBucket, date: string): string {
  switch (bucket) {
    case 'day':
      return `toString(${date})`;
    case 'week-monday':
      return `toString(toMonday(${date}))`;
    case 'week-sunday':
      return `toString(subtractDays(${date}, toDayOfWeek(${date}) % 7))`;
    case 'month':
      return `substring(toString(${date}), 1, 7)`;
  }
}

/** The figures of a group: money in nano-dollars (exact sums), input with its cached parts, models present. */
export const AGGREGATES = `sum(cost_nusd) AS cost, toUInt64(countIf(priced = 0)) AS unpriced, toUInt64(sum(estimated)) AS est,
  sum(input_uncached + cache_read + cache_write) AS input, sum(cache_read) AS cr, sum(cache_write) AS cw,
  sum(output) AS o, sum(reasoning) AS r, count() AS calls, uniqExact(session_id) AS sessions,
  groupUniqArray(if(model = '', '?', model)) AS models`;

/** One group's figures as ClickHouse returns them (64-bit integers come back as text). */
export interface TeamAggregate {
  k: string;
  m?: string;
  cost: string;
  unpriced: string;
  est: string;
  input: string;
  cr: string;
  cw: string;
  o: string;
  r: string;
  calls: string;
  sessions: string;
  models: string[];
}

/**
 * Row order as the local report has it: time rows by key; other rows by priced cost, highest first, then unpriced
 * calls, then key. Per-model rows (`--breakdown`) keep that order within their row, ties between models falling as
 * SQLite's sorter lets them fall there (models descending in time reports, ascending otherwise).
 */
export function orderSql(timed: boolean, perModel: boolean): string {
  if (timed) return perModel ? 'k, cost DESC, m DESC' : 'k';
  return perModel ? 'cost DESC, unpriced DESC, k, m' : 'cost DESC, unpriced DESC, k';
}

/** What a report groups by: a time bucket of the local date, or a column (as the local report's FactGroup). */
export type ReportGroup = { bucket: TimeBucket } | { column: 'session_id' | 'project' | 'model' | 'agent_name' };

export function reportGroup(q: UsageQuery): ReportGroup {
  switch (q.kind) {
    case 'daily':
      return { bucket: 'day' };
    case 'weekly':
      return { bucket: q.weekStart === 'sunday' ? 'week-sunday' : 'week-monday' };
    case 'monthly':
      return { bucket: 'month' };
    case 'sessions':
      return { column: 'session_id' };
    case 'projects':
      return { column: 'project' };
    case 'models':
      return { column: 'model' };
    case 'agents':
      return { column: 'agent_name' };
  }
}
