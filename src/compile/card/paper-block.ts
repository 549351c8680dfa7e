import type { ToolStep } from '../../domain/model.js';
import { totalTokens } from '../../domain/usage.js';
import { canonicalArgs, similarAtLeast, similarity, type FlagContext } from '../flags/context.js';
import { subagentUse } from '../flags/subagent-use.js';
import { THRESHOLDS } from '../flags/thresholds.js';
import { maskSecrets } from './mask-secrets.js';
import { usd6, usd6OrNull } from './round.js';
import type { TraceCard } from './schema.js';

type Paper = TraceCard['paper'];
const TOP_SPANS = 6;
const FAILED_LISTED = 10;

/** The paper's top_cost_spans: the 6 costliest LLM turns, the tools each called, and its role. */
function topSpans(ctx: FlagContext): Paper['top_cost_spans'] {
  const cost = (id: string): number => ctx.cost.get(id)?.direct ?? 0;
  return [...ctx.llm]
    .sort((a, b) => cost(b.id) - cost(a.id) || a.seq - b.seq)
    .slice(0, TOP_SPANS)
    .map((s) => ({
      span: s.id,
      cost_usd: usd6OrNull(ctx.cost.get(s.id)?.direct ?? null),
      tokens: s.usage ? totalTokens(s.usage) : 0,
      tools: s.toolStepIds.map((id) => ctx.toolById.get(id)?.name ?? '?'),
      role: s.role,
    }));
}

/**
 * The paper's redundant_tool_calls: calls of one tool whose JSON arguments are >= 0.8 similar (normalized
 * Levenshtein) to a cluster's first call; clusters of 2 or more. Argument similarity only, as the paper defines it
 * (our flags are the stricter judgement). Each call is compared with the last few clusters of its tool only.
 */
function redundantClusters(ctx: FlagContext): Paper['redundant_tool_calls'] {
  interface Cluster { tool: string; head: string; steps: ToolStep[]; similarity: number }
  const clusters: Cluster[] = [];
  const byTool = new Map<string, Cluster[]>();
  const exact = new Map<string, Cluster>();
  for (const t of ctx.tools) {
    const args = canonicalArgs(t.args);
    const open = byTool.get(t.name) ?? [];
    let home = exact.get(`${t.name}\u0000${args}`);
    for (let i = open.length - 1; !home && i >= Math.max(0, open.length - THRESHOLDS.paperClusterWindow); i--) {
      const c = open[i];
      if (c && similarAtLeast(c.head, args, THRESHOLDS.duplicateSimilarity)) home = c;
    }
    if (home) {
      home.steps.push(t);
      home.similarity = Math.min(home.similarity, similarity(home.head, args));
      continue;
    }
    const c: Cluster = { tool: t.name, head: args, steps: [t], similarity: 1 };
    clusters.push(c);
    open.push(c);
    byTool.set(t.name, open);
    exact.set(`${t.name}\u0000${args}`, c);
  }
  return clusters
    .filter((c) => c.steps.length >= 2)
    .map((c) => ({ tool: c.tool, count: c.steps.length, spans: c.steps.map((s) => s.id), similarity: Math.round(c.similarity * 100) / 100 }));
}

/** An agent's calls and its descendants', as far as priced: the sum, how many calls were priced, how many not. */
function subtreeCost(agentId: string, byAgent: TraceCard['totals']['by_agent']): { usd: number; priced: number; unpriced: number } {
  const out = { usd: 0, priced: 0, unpriced: 0 };
  const visit = (id: string, depth: number): void => {
    const a = byAgent.find((b) => b.agent === id);
    if (!a || depth > 32) return;
    out.usd += a.cost_usd ?? 0;
    out.unpriced += a.unpriced_calls;
    out.priced += a.llm_calls - a.unpriced_calls;
    for (const child of byAgent) if (child.parent === id) visit(child.agent, depth + 1);
  };
  visit(agentId, 0);
  return out;
}

/** Sub-agents with their rolled-up cost and whether their answer shows up in what the parent did afterwards. */
function subAgents(ctx: FlagContext, totals: TraceCard['totals']): Paper['sub_agents'] {
  return ctx.structure.agents
    .filter((a) => a.kind === 'subagent')
    .map((a) => {
      const spawner = a.spawnedByStepId ? ctx.toolById.get(a.spawnedByStepId) : undefined;
      const tree = subtreeCost(a.id, totals.by_agent);
      const use = spawner ? subagentUse(ctx, spawner, Number.POSITIVE_INFINITY) : null;
      return {
        agent: a.id,
        spawned_by: a.spawnedByStepId,
        cost_usd: tree.priced === 0 && tree.unpriced > 0 ? null : usd6(tree.usd),
        unpriced_calls: tree.unpriced,
        output_used_in_final: use ? use.overlap >= THRESHOLDS.unusedSubagentMaxOverlap : null,
      };
    });
}

/** The first failed tool results, each with the later call (same agent and tool, similar arguments) that worked. */
function failedSteps(ctx: FlagContext): Paper['failed_or_repaired_steps'] {
  const index = new Map(ctx.tools.map((t, i) => [t.id, i]));
  return ctx.tools
    .filter((t) => t.isError)
    .slice(0, FAILED_LISTED)
    .map((t) => {
      const args = canonicalArgs(t.args);
      const later = ctx.tools
        .slice((index.get(t.id) ?? 0) + 1)
        .find((n) => n.agentId === t.agentId && n.name === t.name && !n.isError && n.resultIn !== null && similarAtLeast(canonicalArgs(n.args), args, THRESHOLDS.retrySimilarity));
      return { span: t.id, tool: t.name, error: maskSecrets((t.resultPreview ?? 'error').replace(/\s+/g, ' ').slice(0, 120)), repaired_by: later?.id ?? null };
    });
}

/** The reference implementation's own card fields (CostCraft reads these), computed from our richer structure. */
export function paperBlock(taskId: string, ctx: FlagContext, totals: TraceCard['totals']): Paper {
  const main = totals.by_model[0];
  return {
    task_id: taskId,
    model: main ? main.model : null,
    total_cost_usd: totals.cost.total_usd,
    total_tokens: {
      input: totals.tokens.input - totals.tokens.cache_read - totals.tokens.cache_write,
      output: totals.tokens.output,
      cacheRead: totals.tokens.cache_read,
      cacheWrite: totals.tokens.cache_write,
    },
    llm_call_count: totals.llm_calls,
    tool_call_count: totals.tool_uses,
    top_cost_spans: topSpans(ctx),
    redundant_tool_calls: redundantClusters(ctx),
    sub_agents: subAgents(ctx, totals),
    failed_or_repaired_steps: failedSteps(ctx),
  };
}
