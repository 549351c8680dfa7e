import type { StepCost } from '../../domain/cost.js';
import type { LlmStep, SessionStructure, ToolStep } from '../../domain/model.js';
import { totalTokens } from '../../domain/usage.js';
import { canonicalArgs, similarity } from '../flags/context.js';
import { maskSecrets } from './mask-secrets.js';
import { usd6, usd6OrNull } from './round.js';
import type { Flag, TraceCard } from './schema.js';

type Paper = TraceCard['paper'];

/** The reference implementation's own card fields, computed from our richer structure. */
export function paperBlock(
  taskId: string,
  structure: SessionStructure,
  costs: readonly StepCost[],
  totals: TraceCard['totals'],
  flags: readonly Flag[],
): Paper {
  const cost = new Map(costs.map((c) => [c.stepId, c]));
  const llm = structure.steps.filter((s): s is LlmStep => s.kind === 'llm');
  const tools = structure.steps.filter((s): s is ToolStep => s.kind === 'tool');
  const toolById = new Map(tools.map((t) => [t.id, t]));
  const topSpans = [...llm]
    .sort((a, b) => (cost.get(b.id)?.direct ?? 0) - (cost.get(a.id)?.direct ?? 0) || a.seq - b.seq)
    .slice(0, 6)
    .map((s) => ({
      span: s.id,
      cost_usd: usd6OrNull(cost.get(s.id)?.direct ?? null),
      tokens: s.usage ? totalTokens(s.usage) : 0,
      tools: s.toolStepIds.map((id) => toolById.get(id)?.name ?? '?'),
      role: s.role,
    }));
  const redundant = flags
    .filter((f) => f.kind === 'duplicate_tool_call' || f.kind === 'tool_loop' || f.kind === 'reread_unchanged')
    .map((f) => {
      const steps = f.steps.map((id) => toolById.get(id)).filter((t): t is ToolStep => t !== undefined);
      const first = steps[0];
      const sim = first ? Math.min(...steps.map((t) => similarity(canonicalArgs(first.args), canonicalArgs(t.args)))) : 1;
      return { tool: first?.name ?? f.target, count: steps.length, spans: f.steps, similarity: Math.round(sim * 100) / 100 };
    });
  const unused = new Set(flags.filter((f) => f.kind === 'unused_subagent').flatMap((f) => f.steps));
  const subAgents = structure.agents
    .filter((a) => a.kind === 'subagent')
    .map((a) => {
      const spawner = a.spawnedByStepId ? toolById.get(a.spawnedByStepId) : undefined;
      const own = totals.by_agent.find((b) => b.agent === a.id)?.cost_usd ?? 0;
      return {
        agent: a.id,
        spawned_by: a.spawnedByStepId,
        cost_usd: usd6(spawner ? (cost.get(spawner.id)?.subagent ?? own) : own),
        output_used_in_final: spawner && spawner.resultPreview ? !unused.has(spawner.id) : null,
      };
    });
  const failed = tools
    .filter((t) => t.isError)
    .slice(0, 10)
    .map((t) => {
      const later = tools.find((n) => n.agentId === t.agentId && n.name === t.name && n.startedAt > t.startedAt && !n.isError && n.resultIn !== null);
      return { span: t.id, tool: t.name, error: maskSecrets((t.resultPreview ?? 'error').replace(/\s+/g, ' ').slice(0, 120)), repaired_by: later?.id ?? null };
    });
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
    top_cost_spans: topSpans,
    redundant_tool_calls: redundant,
    sub_agents: subAgents,
    failed_or_repaired_steps: failed,
  };
}
