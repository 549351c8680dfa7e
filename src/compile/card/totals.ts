import type { StepCost } from '../../domain/cost.js';
import type { LlmStep, SessionStructure } from '../../domain/model.js';
import { totalInput } from '../../domain/usage.js';
import { ratio3, usd6 } from './round.js';
import type { TraceCard, TokenCounts } from './schema.js';

type Totals = TraceCard['totals'];

function addTokens(t: TokenCounts, s: LlmStep): void {
  const u = s.usage;
  if (!u) return;
  t.input += totalInput(u);
  t.cache_read += u.cacheRead;
  t.cache_write += u.cacheWrite5m + u.cacheWrite1h;
  t.output += u.output;
  t.reasoning += u.reasoning;
}

/** Where a call's price came from, in a few words (see ByModelSchema.priced_by). */
function pricedBy(c: StepCost | undefined): string | null {
  const src = c?.call?.source;
  if (!src) return null;
  if (src.origin === 'agent-log') return 'agent log';
  if (src.origin === 'genai-prices') return `genai-prices ${src.provider}/${src.modelId}`;
  return `${src.origin} ${src.modelId}`;
}

const zero = (): TokenCounts => ({ input: 0, cache_read: 0, cache_write: 0, output: 0, reasoning: 0 });

/**
 * Session totals: cost by kind (direct agent-loop calls, auxiliary side calls, carried = the part of direct spent
 * re-sending tool results, never added on top), tokens, counts, cache hit rate, and by-model / by-agent splits.
 * Every sum says how many calls could not be priced.
 */
export function computeTotals(structure: SessionStructure, costs: readonly StepCost[], wallMs: number | null): Totals {
  const cost = new Map(costs.map((c) => [c.stepId, c]));
  const tokens = zero();
  let direct = 0;
  let aux = 0;
  let directPriced = 0;
  let auxPriced = 0;
  let auxCount = 0;
  let carried = 0;
  let unpriced = 0;
  let estimated = 0;
  let auxCalls = 0;
  let llmCalls = 0;
  let toolUses = 0;
  let toolErrors = 0;
  const byModel = new Map<string, Totals['by_model'][number] & { usd: number }>();
  const byAgent = new Map<string, Totals['by_agent'][number]>();
  for (const a of structure.agents) {
    byAgent.set(a.id, { agent: a.id, kind: a.kind, label: a.label, parent: a.parentAgentId, spawned_by: a.spawnedByStepId, llm_calls: 0, tool_uses: 0, cost_usd: 0, unpriced_calls: 0 });
  }
  for (const s of structure.steps) {
    const c = cost.get(s.id);
    const agent = byAgent.get(s.agentId);
    if (s.kind === 'tool') {
      toolUses++;
      if (s.isError) toolErrors++;
      if (agent) agent.tool_uses++;
      carried += c?.carried ?? 0;
      continue;
    }
    llmCalls++;
    if (s.auxiliary) auxCalls++;
    addTokens(tokens, s);
    if (s.usage?.estimated) estimated++;
    const usd = c?.direct ?? null;
    if (s.auxiliary) auxCount++;
    if (usd === null) unpriced++;
    else if (s.auxiliary) {
      aux += usd;
      auxPriced++;
    } else {
      direct += usd;
      directPriced++;
    }
    if (agent) {
      agent.llm_calls++;
      if (usd === null) agent.unpriced_calls++;
      else agent.cost_usd = (agent.cost_usd ?? 0) + usd;
    }
    const key = `${s.provider}\u0000${s.model ?? '?'}`;
    const m = byModel.get(key) ?? { model: s.model ?? '?', provider: s.provider, calls: 0, tokens: zero(), cost_usd: 0, unpriced_calls: 0, priced_by: null, usd: 0 };
    m.calls++;
    m.priced_by ??= pricedBy(c);
    addTokens(m.tokens, s);
    if (usd === null) m.unpriced_calls++;
    else m.usd += usd;
    byModel.set(key, m);
  }
  return {
    cost: {
      total_usd: unpriced > 0 && directPriced + auxPriced === 0 ? null : usd6(direct + aux),
      direct_usd: directPriced === 0 && llmCalls - auxCount > 0 ? null : usd6(direct),
      auxiliary_usd: auxPriced === 0 && auxCount > 0 ? null : usd6(aux),
      carried_usd: usd6(carried),
      unpriced_calls: unpriced,
      estimated_calls: estimated,
    },
    tokens,
    llm_calls: llmCalls,
    auxiliary_calls: auxCalls,
    tool_uses: toolUses,
    tool_errors: toolErrors,
    sub_agents: structure.agents.filter((a) => a.kind === 'subagent').length,
    cache_hit_rate: tokens.input > 0 ? ratio3(tokens.cache_read / tokens.input) : 0,
    wall_time_s: wallMs === null ? null : Math.round(wallMs / 100) / 10,
    by_model: [...byModel.values()]
      .sort((a, b) => b.usd - a.usd || a.model.localeCompare(b.model))
      .map(({ usd, ...m }) => ({ ...m, cost_usd: m.calls === m.unpriced_calls ? null : usd6(usd) })),
    by_agent: [...byAgent.values()].map((a) => ({ ...a, cost_usd: a.llm_calls > 0 && a.llm_calls === a.unpriced_calls ? null : usd6(a.cost_usd ?? 0) })),
  };
}
