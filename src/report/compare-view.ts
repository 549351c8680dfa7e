import Table from 'cli-table3';
import type { TraceCard } from '../compile/card/schema.js';
import { bootstrapMedianDiff, median, quantile } from './compare-stats.js';

export interface GroupStats {
  sessions: number;
  /** sessions whose cost is known (every call priced); the cost figures are theirs */
  priced_sessions: number;
  unpriced_calls: number;
  cost: { q1: number; median: number; q3: number; mean: number };
  tokens_median: number;
  tool_uses_median: number;
  wall_s_median: number;
  success_rate: number | null;
  /** what kind of work the group is: its tags, labels, agents and models */
  kinds: { tags: string[]; labels: string[]; agents: string[]; models: string[] };
}

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const uniq = (xs: readonly (string | null)[]): string[] => [...new Set(xs.filter((x): x is string => !!x))].sort();

/** A session's cost to compare: known only when every call was priced (a partial sum would compare like with unlike). */
function knownCost(c: TraceCard): number | null {
  return c.totals.cost.unpriced_calls === 0 ? (c.totals.cost.total_usd ?? 0) : null;
}

export function groupStats(cards: readonly TraceCard[]): GroupStats {
  const judged = cards.filter((c) => c.session.outcome.status !== 'unknown');
  const cost = cards.map(knownCost).filter((x): x is number => x !== null);
  return {
    sessions: cards.length,
    priced_sessions: cost.length,
    unpriced_calls: cards.reduce((n, c) => n + c.totals.cost.unpriced_calls, 0),
    cost: { q1: quantile(cost, 0.25), median: median(cost), q3: quantile(cost, 0.75), mean: mean(cost) },
    tokens_median: median(cards.map((c) => c.totals.tokens.input + c.totals.tokens.output)),
    tool_uses_median: median(cards.map((c) => c.totals.tool_uses)),
    wall_s_median: median(cards.map((c) => c.totals.wall_time_s ?? 0)),
    success_rate: judged.length ? judged.filter((c) => c.session.outcome.status === 'success').length / judged.length : null,
    kinds: {
      tags: uniq(cards.flatMap((c) => Object.entries(c.session.tags).filter(([k]) => k !== 'imported_from').map(([k, v]) => `${k}=${v}`))),
      labels: uniq(cards.map((c) => c.session.label?.replace(/[-_]?\d+$/, '') ?? null)),
      agents: uniq(cards.map((c) => c.session.agent.name)),
      models: uniq(cards.flatMap((c) => c.totals.by_model.map((m) => m.model))),
    },
  };
}

export interface Comparison {
  before: GroupStats;
  after: GroupStats;
  /** median(after) − median(before) of the known costs, and its 95% bootstrap interval */
  cost_median_diff: number;
  cost_median_diff_ci95: [number, number] | null;
  warnings: string[];
}

const MIN_GROUP = 5;

function kindWarnings(a: GroupStats, b: GroupStats): string[] {
  const out: string[] = [];
  for (const k of ['tags', 'labels', 'agents', 'models'] as const) {
    const x = a.kinds[k];
    const y = b.kinds[k];
    if (x.length === 0 && y.length === 0) continue;
    if (!x.some((v) => y.includes(v))) out.push(`the groups ran different ${k} (${x.join(', ') || 'none'} vs ${y.join(', ') || 'none'}): a difference may be the work, not the rules`);
  }
  return out;
}

/** Before vs after: spread, the difference of medians with its interval, and what makes the comparison weak. */
export function compareGroups(before: readonly TraceCard[], after: readonly TraceCard[]): Comparison {
  const a = groupStats(before);
  const b = groupStats(after);
  const costs = (cards: readonly TraceCard[]): number[] => cards.map(knownCost).filter((x): x is number => x !== null);
  const warnings: string[] = [];
  for (const [name, g] of [['before', a], ['after', b]] as const) {
    if (g.sessions < MIN_GROUP) warnings.push(`the ${name} group has ${g.sessions} session(s), fewer than ${MIN_GROUP}: too few to tell a change from noise`);
    if (g.priced_sessions < g.sessions) warnings.push(`${g.sessions - g.priced_sessions} ${name} session(s) with unpriced calls (${g.unpriced_calls} calls) are left out of the costs, never counted as $0`);
  }
  warnings.push(...kindWarnings(a, b));
  return { before: a, after: b, cost_median_diff: b.cost.median - a.cost.median, cost_median_diff_ci95: bootstrapMedianDiff(costs(before), costs(after)), warnings };
}

function delta(a: number, b: number): string {
  if (a === 0) return b === 0 ? '0%' : 'n/a';
  const d = ((b - a) / a) * 100;
  return `${d > 0 ? '+' : ''}${d.toFixed(1)}%`;
}

/** The comparison as a table, the interval, and the warnings. */
export function renderCompare(c: Comparison): string {
  const { before: a, after: b } = c;
  const t = new Table({ head: ['', 'before', 'after', 'change'], style: { head: [], border: [] } });
  const usd = (n: number): string => `$${n.toFixed(4)}`;
  const num = (n: number): string => String(Math.round(n * 10) / 10);
  t.push(['sessions (cost known)', `${a.sessions} (${a.priced_sessions})`, `${b.sessions} (${b.priced_sessions})`, '']);
  t.push(['cost (median)', usd(a.cost.median), usd(b.cost.median), delta(a.cost.median, b.cost.median)]);
  t.push(['cost (quartiles)', `${usd(a.cost.q1)} – ${usd(a.cost.q3)}`, `${usd(b.cost.q1)} – ${usd(b.cost.q3)}`, '']);
  t.push(['cost (mean)', usd(a.cost.mean), usd(b.cost.mean), delta(a.cost.mean, b.cost.mean)]);
  t.push(['tokens (median)', num(a.tokens_median), num(b.tokens_median), delta(a.tokens_median, b.tokens_median)]);
  t.push(['tool uses (median)', num(a.tool_uses_median), num(b.tool_uses_median), delta(a.tool_uses_median, b.tool_uses_median)]);
  t.push(['wall time s (median)', num(a.wall_s_median), num(b.wall_s_median), delta(a.wall_s_median, b.wall_s_median)]);
  const pct = (r: number | null): string => (r === null ? 'unknown' : `${Math.round(r * 100)}%`);
  const sd = a.success_rate !== null && b.success_rate !== null ? `${Math.round((b.success_rate - a.success_rate) * 100)} pts` : '';
  t.push(['success rate', pct(a.success_rate), pct(b.success_rate), sd]);
  const ci = c.cost_median_diff_ci95;
  const interval = ci ? `median cost change ${usd(c.cost_median_diff)}, 95% bootstrap interval ${usd(ci[0])} to ${usd(ci[1])}${ci[0] <= 0 && ci[1] >= 0 ? ' (includes no change)' : ''}` : 'no interval: a group has no session with a known cost';
  return `${t.toString()}\n${interval}\n${c.warnings.map((w) => `warning: ${w}`).join('\n')}${c.warnings.length ? '\n' : ''}`;
}
