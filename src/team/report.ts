import type { UsageQuery, UsageReport, UsageReportKind, UsageRow } from '../domain/usage-report.js';
import { ratio3, usd6 } from '../compile/card/round.js';
import { sqlString, TeamStoreError, type TeamStore } from './client.js';
import { checkTeamSchema, latestGenerations } from './schema.js';

/**
 * Usage reports over the whole team, aggregated by ClickHouse (one GROUP BY per figure set, never a row per call
 * pulled back): the same UsageReport the local `clawtrace report` prints, from the latest generation of every
 * session pushed. Money is summed in integer nano-dollars, so the order rows are added in cannot move a cent.
 */

interface Agg {
  k: string;
  m?: string;
  cost: string;
  unpriced: string;
  est: string;
  iu: string;
  cr: string;
  cw: string;
  o: string;
  r: string;
  calls: string;
  sessions: string;
}

const AGGREGATES = `sum(cost_nusd) AS cost, toUInt64(countIf(priced = 0)) AS unpriced, toUInt64(sum(estimated)) AS est,
  sum(input_uncached) AS iu, sum(cache_read) AS cr, sum(cache_write) AS cw, sum(output) AS o, sum(reasoning) AS r,
  count() AS calls, uniqExact(session_id) AS sessions`;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The SQL expression a report groups calls by. */
function keyExpr(kind: UsageReportKind, tz: string): string {
  const z = sqlString(tz);
  switch (kind) {
    case 'daily':
      return `toString(toDate(started_at, ${z}))`;
    case 'weekly':
      return `toString(toMonday(started_at, ${z}))`;
    case 'monthly':
      return `substring(toString(toStartOfMonth(started_at, ${z})), 1, 7)`;
    case 'sessions':
      return 'session_id';
    case 'projects':
      return 'project';
    case 'models':
      return 'model';
    case 'agents':
      return 'agent_name';
  }
}

/** The WHERE clause: latest generations, the date range in the report's zone (with the UTC day for the index), filters. */
function whereClause(store: TeamStore, q: UsageQuery): string {
  const tz = sqlString(q.tz);
  const parts = [`(session_id, pushed_at) IN ${latestGenerations(store.database)}`];
  for (const [name, value] of [['since', q.since], ['until', q.until]] as const) {
    if (value === null) continue;
    if (!DATE.test(value)) throw new TeamStoreError(`--${name} must be a date (YYYY-MM-DD) for the team store, got '${value}'`);
    const op = name === 'since' ? '>=' : '<=';
    // calls are ordered by their UTC day: a day either side covers every zone's offset and lets the index skip
    parts.push(`day ${op} toDate(${sqlString(value)}) ${name === 'since' ? '-' : '+'} 1`);
    parts.push(`toDate(started_at, ${tz}) ${op} toDate(${sqlString(value)})`);
  }
  if (q.filters.project !== null) parts.push(`project = ${sqlString(q.filters.project)}`);
  if (q.filters.agent !== null) parts.push(`agent_name = ${sqlString(q.filters.agent)}`);
  if (q.filters.model !== null) parts.push(`model = ${sqlString(q.filters.model)}`);
  return parts.join(' AND ');
}

/** A sum of nano-dollars (a UInt64/Int64 as text) in USD, exact up to 2^63 nano-dollars. */
function usdOf(nanos: string): number {
  const b = BigInt(nanos);
  return usd6(Number(b / 1_000_000_000n) + Number(b % 1_000_000_000n) / 1e9);
}

function rowOf(a: Agg, key: string, label: string): UsageRow {
  const iu = Number(a.iu);
  const cr = Number(a.cr);
  const cw = Number(a.cw);
  const allInput = iu + cr + cw;
  return {
    key,
    label,
    cost_usd: usdOf(a.cost),
    unpriced_calls: Number(a.unpriced),
    estimated_calls: Number(a.est),
    tokens: { input: iu, cache_read: cr, cache_write: cw, output: Number(a.o), reasoning: Number(a.r) },
    calls: Number(a.calls),
    sessions: Number(a.sessions),
    cache_hit_rate: allInput > 0 ? ratio3(cr / allInput) : 0,
  };
}

const UNKNOWN: Partial<Record<UsageReportKind, string>> = { projects: '(unknown project)', models: '(unknown model)', agents: '(unknown agent)' };

const byCost = (a: UsageRow, b: UsageRow): number => b.cost_usd - a.cost_usd || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const byKey = (a: UsageRow, b: UsageRow): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

interface SessionInfo {
  session_id: string;
  label: string | null;
  first_prompt: string | null;
  started_ms: string;
}

/** What to print for a session: its label, else its first prompt (cut), else its id. */
function sessionLabel(s: SessionInfo | undefined, id: string): string {
  if (s?.label) return s.label;
  const p = s?.first_prompt?.replace(/\s+/g, ' ').trim();
  if (p) return p.length > 60 ? `${p.slice(0, 59)}…` : p;
  return id;
}

export async function clickhouseUsageReport(store: TeamStore, q: UsageQuery): Promise<UsageReport> {
  await checkTeamSchema(store);
  const calls = store.table('calls');
  const where = whereClause(store, q);
  const key = keyExpr(q.kind, q.tz);
  const grouped = store.rows<Agg>(`SELECT ${key} AS k, ${AGGREGATES} FROM ${calls} WHERE ${where} GROUP BY k`);
  const totals = store.rows<Agg>(`SELECT '' AS k, ${AGGREGATES} FROM ${calls} WHERE ${where}`);
  const split = q.breakdown
    ? store.rows<Agg>(`SELECT ${key} AS k, model AS m, ${AGGREGATES} FROM ${calls} WHERE ${where} GROUP BY k, m`)
    : Promise.resolve([]);
  const splitTotals = q.breakdown
    ? store.rows<Agg>(`SELECT '' AS k, model AS m, ${AGGREGATES} FROM ${calls} WHERE ${where} GROUP BY m`)
    : Promise.resolve([]);
  const sessions =
    q.kind === 'sessions'
      ? store.rows<SessionInfo>(
          `SELECT session_id, label, first_prompt, toString(started_ms) AS started_ms FROM ${store.table('sessions')}
           WHERE (session_id, pushed_at) IN ${latestGenerations(store.database)}
             AND session_id IN (SELECT session_id FROM ${calls} WHERE ${where})`,
        )
      : Promise.resolve([]);
  const [g, t, s, st, info] = await Promise.all([grouped, totals, split, splitTotals, sessions]);
  const infoById = new Map(info.map((i) => [i.session_id, i]));
  const label = (k: string): string => (q.kind === 'sessions' ? sessionLabel(infoById.get(k), k) : k === '' ? (UNKNOWN[q.kind] ?? k) : k);
  const modelRows = (rows: Agg[], k: string): UsageRow[] =>
    rows.filter((r) => r.k === k).map((r) => rowOf(r, r.m ?? '', r.m ? r.m : '(unknown model)')).sort(byCost);
  const rows = g.map((a) => {
    const row = rowOf(a, a.k, label(a.k));
    return q.breakdown ? { ...row, breakdown: modelRows(s, a.k) } : row;
  });
  if (q.kind === 'sessions') {
    const start = (k: string): bigint => BigInt(infoById.get(k)?.started_ms ?? '0');
    rows.sort((a, b) => (start(a.key) < start(b.key) ? -1 : start(a.key) > start(b.key) ? 1 : byKey(a, b)));
  } else if (q.kind === 'daily' || q.kind === 'weekly' || q.kind === 'monthly') rows.sort(byKey);
  else rows.sort(byCost);
  const first = t[0];
  const total = first && Number(first.calls) > 0 ? rowOf(first, 'total', 'Total') : emptyTotals();
  return {
    kind: q.kind,
    tz: q.tz,
    since: q.since,
    until: q.until,
    filters: { ...q.filters },
    rows,
    totals: q.breakdown ? { ...total, breakdown: modelRows(st, '') } : total,
  };
}

function emptyTotals(): UsageRow {
  return {
    key: 'total',
    label: 'Total',
    cost_usd: 0,
    unpriced_calls: 0,
    estimated_calls: 0,
    tokens: { input: 0, cache_read: 0, cache_write: 0, output: 0, reasoning: 0 },
    calls: 0,
    sessions: 0,
    cache_hit_rate: 0,
  };
}
