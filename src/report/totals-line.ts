import type { TraceCard } from '../compile/card/schema.js';
import { fmtCost, fmtTokens, fmtUsd } from './format.js';

/** One line of session totals with the unpriced / estimated markers every total carries. */
export function totalsLine(card: TraceCard): string {
  const t = card.totals;
  const c = t.cost;
  const parts = [
    `total ${fmtCost(c.total_usd, c.unpriced_calls, c.estimated_calls)}`,
    c.auxiliary_usd !== null && c.auxiliary_usd > 0 ? `(side calls ${fmtUsd(c.auxiliary_usd)})` : null,
    c.carried_usd > 0 ? `tool results carried ${fmtUsd(c.carried_usd)}` : null,
    `${t.llm_calls} LLM calls${t.auxiliary_calls ? ` (${t.auxiliary_calls} auxiliary)` : ''}`,
    `${t.tool_uses} tool use${t.tool_uses === 1 ? '' : 's'}`,
    t.sub_agents ? `${t.sub_agents} sub-agent${t.sub_agents > 1 ? 's' : ''}` : null,
    `${fmtTokens(t.tokens.input + t.tokens.output)} tokens`,
    `cache hit ${Math.round(t.cache_hit_rate * 100)}%`,
    c.estimated_calls ? `~ = ${c.estimated_calls} estimated` : null,
    card.flags.length ? `${card.flags.length} flag${card.flags.length > 1 ? 's' : ''}` : null,
  ];
  return parts.filter((p): p is string => p !== null).join(' · ');
}
