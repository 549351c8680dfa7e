import type { UsageReport, UsageReportKind, UsageRow } from '../../domain/usage-report.js';
import { fmtInt, fmtTokens, fmtUsd } from '../format.js';
import { renderTable, type Column, type Row } from '../table.js';

/** Below this width the report switches to its compact layout (short numbers, fewer columns). */
export const COMPACT_BELOW = 120;

const KEY_HEADER: Record<UsageReportKind, string> = {
  daily: 'date',
  weekly: 'week of',
  monthly: 'month',
  sessions: 'session',
  projects: 'project',
  models: 'model',
  agents: 'agent',
};

/** A row's cost: the priced part with its markers; a row with nothing priced says so instead of $0. */
export function reportCost(r: Pick<UsageRow, 'cost_usd' | 'unpriced_calls' | 'estimated_calls' | 'calls'>): string {
  if (r.calls > 0 && r.unpriced_calls === r.calls) return `unpriced (${r.unpriced_calls})`;
  const base = `${r.estimated_calls > 0 ? '~' : ''}${fmtUsd(r.cost_usd)}`;
  return r.unpriced_calls > 0 ? `${base} +${r.unpriced_calls} unpriced` : base;
}

const uncached = (r: UsageRow): number => r.tokens.input - r.tokens.cache_read - r.tokens.cache_write;
const total = (r: UsageRow): number => r.tokens.input + r.tokens.output;
const pct = (x: number): string => `${Math.round(x * 100)}%`;

interface Layout {
  columns: Column[];
  /** depth 1 = a breakdown row under its group; 'total' = the totals row */
  cells: (r: UsageRow, depth: 0 | 1 | 'total') => string[];
}

function layoutFor(report: UsageReport, compact: boolean, breakdown: boolean): Layout {
  const n = compact ? fmtTokens : fmtInt;
  const named = report.kind === 'sessions' || report.kind === 'projects';
  const columns: Column[] = [{ header: KEY_HEADER[report.kind], priority: 10 }];
  if (named) columns.push({ header: report.kind === 'sessions' ? 'first prompt' : 'path', priority: report.kind === 'sessions' ? 7 : 1, flex: true, minWidth: 16 });
  if (!breakdown && report.kind !== 'models') columns.push({ header: 'models', priority: 2, flex: !named && !compact, minWidth: 12 });
  columns.push(
    { header: 'sessions', align: 'right', priority: 5 },
    { header: 'calls', align: 'right', priority: 6 },
    { header: 'input', align: 'right', priority: 3 },
    { header: 'cache write', align: 'right', priority: 3 },
    { header: 'cache read', align: 'right', priority: 4 },
    { header: 'output', align: 'right', priority: 4 },
    { header: 'tokens', align: 'right', priority: 8 },
    { header: 'cache hit', align: 'right', priority: 7 },
    { header: 'cost', align: 'right', priority: 9 },
  );
  const cells = (r: UsageRow, depth: 0 | 1 | 'total'): string[] => {
    const key = depth === 'total' ? 'Total' : depth === 1 ? `  └ ${r.label}` : report.kind === 'sessions' ? r.key : r.label;
    const out = [key];
    if (named) out.push(depth !== 0 ? '' : report.kind === 'sessions' ? r.label : r.key);
    if (!breakdown && report.kind !== 'models') out.push((r.models ?? []).join(', '));
    out.push(
      depth === 1 ? '' : fmtInt(r.sessions),
      fmtInt(r.calls),
      n(uncached(r)),
      n(r.tokens.cache_write),
      n(r.tokens.cache_read),
      n(r.tokens.output),
      n(total(r)),
      pct(r.cache_hit_rate),
      reportCost(r),
    );
    return out;
  };
  return { columns, cells };
}

function notes(report: UsageReport, compact: boolean): string[] {
  const t = report.totals;
  const out: string[] = [];
  const timed = report.kind === 'daily' || report.kind === 'weekly' || report.kind === 'monthly';
  if (timed || report.since || report.until) out.push(`dates in ${report.tz}`);
  if (t.unpriced_calls > 0) out.push(`${t.unpriced_calls} call${t.unpriced_calls > 1 ? 's' : ''} could not be priced: not in the costs (report models says which)`);
  if (t.estimated_calls > 0) out.push(`~ = ${t.estimated_calls} call${t.estimated_calls > 1 ? 's' : ''} without reported usage, counted with a tokenizer`);
  if (!compact) out.push('input = uncached input; tokens = all input + output; cache hit = cache read / all input');
  return out;
}

/** The report as a table that fits `width` (null: piped, plain and complete), a totals row, and what the marks mean. */
export function renderUsageReport(report: UsageReport, width: number | null): string {
  const compact = width !== null && width < COMPACT_BELOW;
  const breakdown = report.rows.some((r) => r.breakdown !== undefined);
  const { columns, cells } = layoutFor(report, compact, breakdown);
  if (report.rows.length === 0) return `no usage${report.since || report.until ? ' in this range' : ''}${hasFilter(report) ? ' for these filters' : ''}\n`;
  const rows: Row[] = [];
  for (const r of report.rows) {
    rows.push({ cells: cells(r, 0) });
    for (const b of r.breakdown ?? []) rows.push({ cells: cells(b, 1), style: 'sub' });
  }
  rows.push({ cells: cells(report.totals, 'total'), style: 'total' });
  const table = renderTable(columns, rows, { width });
  return `${table}${notes(report, compact).map((n) => `${n}\n`).join('')}`;
}

function hasFilter(r: UsageReport): boolean {
  return r.filters.project !== null || r.filters.agent !== null || r.filters.model !== null;
}
