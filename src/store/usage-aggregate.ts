import type { Db } from './db.js';

/**
 * Usage reports as SQL over `usage_facts` (one row per LLM call). Kept to plain GROUP BY over a key expression so the
 * team store can run the same aggregation in ClickHouse:
 * - the local date of a call is date((started_at + offset) / 1000) with the zone's offset in force at started_at
 *   (ClickHouse: toDate(started_at, tz)); weeks are keyed by their first day, months by YYYY-MM;
 * - cost sums priced calls only (SUM skips NULL); unpriced = count of NULL costs, never $0;
 * - input = uncached + cache read + cache write; sessions = distinct session ids.
 */

export interface FactFilter {
  /** [fromMs, toMs) in epoch ms; null = unbounded */
  fromMs: number | null;
  toMs: number | null;
  /** exact values; null = any */
  projects: readonly string[] | null;
  agents: readonly string[] | null;
  models: readonly string[] | null;
}

/** The zone's offsets over the facts' range: `until` ends each segment (exclusive), the last one has none. */
export interface OffsetSpan {
  until: number | null;
  offsetMs: number;
}

export type FactGroup =
  | { by: 'day' | 'week-monday' | 'week-sunday' | 'month'; offsets: readonly OffsetSpan[] }
  | { by: 'session' | 'project' | 'model' | 'agent' }
  | { by: 'all' };

export interface FactAggregate {
  /** the group's key (null: the value is unknown, e.g. a session without project) */
  key: string | null;
  /** with `perModel`: the model of this row */
  model: string | null;
  cost_usd: number;
  unpriced_calls: number;
  estimated_calls: number;
  input: number;
  cache_read: number;
  cache_write: number;
  output: number;
  reasoning: number;
  calls: number;
  sessions: number;
  /** distinct models, comma-separated ('?' for unknown) */
  models: string;
}

const COLUMN = { session: 'session_id', project: 'project', model: 'model', agent: 'agent_name' } as const;

function whereOf(f: FactFilter, params: unknown[]): string {
  const parts: string[] = [];
  if (f.fromMs !== null) {
    parts.push('started_at >= ?');
    params.push(f.fromMs);
  }
  if (f.toMs !== null) {
    parts.push('started_at < ?');
    params.push(f.toMs);
  }
  const within = (col: string, values: readonly string[] | null): void => {
    if (values === null) return;
    if (values.length === 0) {
      parts.push('0');
      return;
    }
    parts.push(`${col} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  within('project', f.projects);
  within('agent_name', f.agents);
  within('model', f.models);
  return parts.length ? `WHERE ${parts.join(' AND ')}` : '';
}

/** The local date of started_at: `date((started_at + offset) / 1000, 'unixepoch')` with the offset by segment. */
function localDateSql(offsets: readonly OffsetSpan[], params: unknown[]): string {
  const cases = offsets.filter((o) => o.until !== null);
  const last = offsets[offsets.length - 1]?.offsetMs ?? 0;
  let offset = '?';
  if (cases.length) {
    offset = `CASE ${cases.map(() => 'WHEN started_at < ? THEN ?').join(' ')} ELSE ? END`;
    for (const c of cases) params.push(c.until, c.offsetMs);
  }
  params.push(last);
  return `date((started_at + ${offset}) / 1000, 'unixepoch')`;
}

function keySql(g: FactGroup): string {
  switch (g.by) {
    case 'day':
      return 'day';
    case 'week-monday':
      return `date(day, '-' || ((CAST(strftime('%w', day) AS INTEGER) + 6) % 7) || ' days')`;
    case 'week-sunday':
      return `date(day, '-' || strftime('%w', day) || ' days')`;
    case 'month':
      return 'substr(day, 1, 7)';
    case 'all':
      return 'NULL';
    default:
      return COLUMN[g.by];
  }
}

/**
 * One aggregate per group (and per model within each group with `perModel`), sorted by key for time groups and by
 * priced cost (highest first) otherwise.
 */
export function aggregateFacts(db: Db, filter: FactFilter, group: FactGroup, perModel = false): FactAggregate[] {
  const params: unknown[] = [];
  const timed = group.by === 'day' || group.by === 'week-monday' || group.by === 'week-sunday' || group.by === 'month';
  const day = timed ? `, ${localDateSql(group.offsets, params)} AS day` : '';
  const where = whereOf(filter, params);
  const key = keySql(group);
  const groupBy = [group.by === 'all' ? null : 'key', perModel ? 'model' : null].filter((x) => x !== null);
  const order = timed ? 'key, cost_usd DESC' : 'cost_usd DESC, unpriced_calls DESC, key';
  const sql = `
    WITH f AS (SELECT *${day} FROM usage_facts ${where})
    SELECT ${key} AS key, ${perModel ? 'model' : 'NULL'} AS model,
      COALESCE(SUM(cost_usd), 0) AS cost_usd,
      COALESCE(SUM(cost_usd IS NULL), 0) AS unpriced_calls,
      COALESCE(SUM(estimated), 0) AS estimated_calls,
      COALESCE(SUM(input_uncached + cache_read + cache_write), 0) AS input,
      COALESCE(SUM(cache_read), 0) AS cache_read,
      COALESCE(SUM(cache_write), 0) AS cache_write,
      COALESCE(SUM(output), 0) AS output,
      COALESCE(SUM(reasoning), 0) AS reasoning,
      COUNT(*) AS calls,
      COUNT(DISTINCT session_id) AS sessions,
      COALESCE(group_concat(DISTINCT COALESCE(model, '?')), '') AS models
    FROM f
    ${groupBy.length ? `GROUP BY ${groupBy.join(', ')}` : ''}
    ORDER BY ${order}`;
  return db.prepare(sql).all(...params) as FactAggregate[];
}

/** The range of started_at over the facts a filter selects (null when there are none). */
export function factRange(db: Db, filter: FactFilter): { min: number; max: number } | null {
  const params: unknown[] = [];
  const where = whereOf(filter, params);
  const r = db.prepare(`SELECT MIN(started_at) AS min, MAX(started_at) AS max FROM usage_facts ${where}`).get(...params) as {
    min: number | null;
    max: number | null;
  };
  return r.min === null || r.max === null ? null : { min: r.min, max: r.max };
}

/** The distinct values of a fact column (for resolving filters and naming the choices). */
export function distinctFactValues(db: Db, column: 'project' | 'agent_name' | 'model'): string[] {
  const rows = db.prepare(`SELECT DISTINCT ${column} AS v FROM usage_facts WHERE ${column} IS NOT NULL ORDER BY v`).all() as { v: string }[];
  return rows.map((r) => r.v);
}
