import type { UsageReport, UsageRow } from '../../domain/usage-report.js';
import type { ReportRowView, ReportSeries, ReportView } from './view-data.js';

const TIME_KINDS = new Set(['daily', 'weekly', 'monthly']);

type BaseRow = Omit<UsageRow, 'breakdown'> & { breakdown?: UsageRow['breakdown'] };

function rowView(r: BaseRow): ReportRowView {
  const t = r.tokens;
  return {
    key: r.key,
    label: r.label,
    // a row whose every call was unpriced has no price at all, not a price of $0
    usd: r.calls > 0 && r.unpriced_calls >= r.calls ? null : r.cost_usd,
    unpriced: r.unpriced_calls,
    estimated: r.estimated_calls,
    calls: r.calls,
    sessions: r.sessions,
    tokens: [t.input, t.cache_read, t.cache_write, t.output, t.reasoning],
    cacheHitRate: r.cache_hit_rate,
    breakdown: (r.breakdown ?? []).map(rowView),
  };
}

/** The stacks of each row: one series per breakdown name (model or agent), the biggest spender at the bottom. */
function seriesOf(report: UsageReport): ReportSeries | null {
  if (!report.rows.some((r) => (r.breakdown?.length ?? 0) > 0)) return null;
  const spend = new Map<string, number>();
  for (const r of report.rows) for (const b of r.breakdown ?? []) spend.set(b.label, (spend.get(b.label) ?? 0) + b.cost_usd);
  // a name with no priced spend has nothing to stack (its rows say unpriced)
  const names = [...spend.entries()].filter(([, usd]) => usd > 0).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).map(([n]) => n);
  if (names.length === 0) return null;
  const index = new Map(names.map((n, i) => [n, i]));
  const values = report.rows.map((r) => {
    const v = names.map(() => 0);
    for (const b of r.breakdown ?? []) {
      const i = index.get(b.label);
      if (i !== undefined) v[i] = (v[i] ?? 0) + b.cost_usd;
    }
    return v;
  });
  return { names, values };
}

/** What the report page shows: the report's rows as they are, plus the stacks for its chart. */
export function buildReportView(report: UsageReport): ReportView {
  const timeSeries = TIME_KINDS.has(report.kind);
  const rows = timeSeries ? [...report.rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) : report.rows;
  const ordered = { ...report, rows };
  return {
    view: 'report',
    kind: report.kind,
    tz: report.tz,
    since: report.since,
    until: report.until,
    filters: Object.entries(report.filters).filter((e): e is [string, string] => e[1] !== null),
    timeSeries,
    rows: rows.map(rowView),
    totals: rowView(report.totals),
    series: seriesOf(ordered),
  };
}
