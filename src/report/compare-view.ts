import Table from 'cli-table3';
import type { TraceCard } from '../compile/card/schema.js';
import { median } from '../distill/prune.js';

export interface GroupStats {
  sessions: number;
  cost_median: number;
  cost_mean: number;
  tokens_median: number;
  tool_uses_median: number;
  wall_s_median: number;
  success_rate: number | null;
  unpriced_calls: number;
}

const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

export function groupStats(cards: readonly TraceCard[]): GroupStats {
  const judged = cards.filter((c) => c.session.outcome.status !== 'unknown');
  // a session none of whose calls could be priced has no cost to compare: counted as unpriced, never as $0
  const cost = cards.map((c) => c.totals.cost.total_usd).filter((x): x is number => x !== null);
  return {
    sessions: cards.length,
    cost_median: median(cost),
    cost_mean: mean(cost),
    tokens_median: median(cards.map((c) => c.totals.tokens.input + c.totals.tokens.output)),
    tool_uses_median: median(cards.map((c) => c.totals.tool_uses)),
    wall_s_median: median(cards.map((c) => c.totals.wall_time_s ?? 0)),
    success_rate: judged.length ? judged.filter((c) => c.session.outcome.status === 'success').length / judged.length : null,
    unpriced_calls: cards.reduce((n, c) => n + c.totals.cost.unpriced_calls, 0),
  };
}

function delta(a: number, b: number): string {
  if (a === 0) return b === 0 ? '0%' : 'n/a';
  const d = ((b - a) / a) * 100;
  return `${d > 0 ? '+' : ''}${d.toFixed(1)}%`;
}

/** Before vs after, with deltas: how a user checks a committed rule set cut cost without hurting outcomes. */
export function renderCompare(before: GroupStats, after: GroupStats): string {
  const t = new Table({ head: ['', 'before', 'after', 'change'], style: { head: [], border: [] } });
  const row = (name: string, a: number, b: number, fmt: (n: number) => string): void => {
    t.push([name, fmt(a), fmt(b), delta(a, b)]);
  };
  const usd = (n: number): string => `$${n.toFixed(4)}`;
  const num = (n: number): string => String(Math.round(n * 10) / 10);
  t.push(['sessions', String(before.sessions), String(after.sessions), '']);
  row('cost (median)', before.cost_median, after.cost_median, usd);
  row('cost (mean)', before.cost_mean, after.cost_mean, usd);
  row('tokens (median)', before.tokens_median, after.tokens_median, num);
  row('tool uses (median)', before.tool_uses_median, after.tool_uses_median, num);
  row('wall time s (median)', before.wall_s_median, after.wall_s_median, num);
  const pct = (r: number | null): string => (r === null ? 'unknown' : `${Math.round(r * 100)}%`);
  const sd = before.success_rate !== null && after.success_rate !== null ? `${Math.round((after.success_rate - before.success_rate) * 100)} pts` : '';
  t.push(['success rate', pct(before.success_rate), pct(after.success_rate), sd]);
  const note = before.unpriced_calls + after.unpriced_calls > 0 ? `\n${before.unpriced_calls + after.unpriced_calls} call(s) could not be priced: the costs above leave them out (never counted as $0).\n` : '';
  return `${t.toString()}\n${note}`;
}
