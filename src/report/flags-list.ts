import type { Flag } from '../compile/card/schema.js';
import { fmtUsd } from './format.js';
import { renderTable, type Column, type Row } from './table.js';

/** Flags by the dollars they say were wasted, highest first (unpriced ones last): what to fix first. */
export function sortFlagsByDollars(flags: readonly Flag[]): Flag[] {
  return [...flags].sort((a, b) => (b.wasted_usd ?? -1) - (a.wasted_usd ?? -1) || a.kind.localeCompare(b.kind));
}

/** `show --flags`: one row per flag (kind, dollars, steps, target, evidence) and the total. */
export function renderFlagsList(flags: readonly Flag[], width: number | null): string {
  if (flags.length === 0) return 'no flags: nothing in this session looks like waste\n';
  const columns: Column[] = [
    { header: 'flag', priority: 10 },
    { header: 'wasted', align: 'right', priority: 9 },
    { header: 'steps', priority: 6 },
    { header: 'target', priority: 5 },
    { header: 'evidence', priority: 4, flex: true, minWidth: 20, prefWidth: 60 },
  ];
  const rows: Row[] = sortFlagsByDollars(flags).map((f) => ({
    cells: [f.kind, f.wasted_usd === null ? 'unpriced' : fmtUsd(f.wasted_usd), f.steps.join(' '), f.target, f.evidence.replace(/\s+/g, ' ')],
  }));
  const priced = flags.filter((f) => f.wasted_usd !== null);
  const sum = priced.reduce((n, f) => n + (f.wasted_usd ?? 0), 0);
  const unpriced = flags.length - priced.length;
  rows.push({ cells: [`${flags.length} flag${flags.length > 1 ? 's' : ''}`, fmtUsd(sum), '', unpriced ? `+${unpriced} unpriced` : '', ''], style: 'total' });
  return renderTable(columns, rows, { width });
}
