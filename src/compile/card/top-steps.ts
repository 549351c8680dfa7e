import type { StepCost } from '../../domain/cost.js';
import type { Step } from '../../domain/model.js';
import { totalInput } from '../../domain/usage.js';
import { carriers, type FlagContext } from '../flags/context.js';
import { maskSecrets } from './mask-secrets.js';
import { usd6 } from './round.js';
import type { TraceCard } from './schema.js';

const TOP_STEPS = 6;

/** 41234 → "41k", 1520 → "1.5k", 900 → "900": token counts as people say them. */
export function tokensText(n: number): string {
  if (n < 1000) return String(n);
  return n < 10_000 ? `${(n / 1000).toFixed(1).replace(/\.0$/, '')}k` : `${Math.round(n / 1000)}k`;
}

/** What a step cost: an LLM call's bill; a tool's carried cost plus the sub-agent it spawned. */
export function stepCostUsd(s: Step, c: StepCost | undefined): number {
  if (s.kind === 'llm') return c?.direct ?? 0;
  return (c?.carried ?? 0) + (c?.subagent ?? 0);
}

/** One line saying why a step was expensive. */
function reason(ctx: FlagContext, s: Step, c: StepCost | undefined): string {
  if (s.kind === 'tool') {
    if (s.spawnedAgentId) {
      const calls = ctx.llmByAgent.get(s.spawnedAgentId)?.length ?? 0;
      return `spawned sub-agent ${s.spawnedAgentId}, whose ${calls} calls cost $${(c?.subagent ?? 0).toFixed(4)}`;
    }
    return `${s.name} result of ${tokensText(s.resultTokens ?? 0)} tokens carried through ${carriers(ctx, s).length} calls`;
  }
  const u = s.usage;
  if (!u) return 'call without usage';
  const input = totalInput(u);
  const cachedShare = input > 0 ? u.cacheRead / input : 0;
  if (u.reasoning >= u.output / 2 && u.reasoning > 0) return `${tokensText(u.reasoning)} reasoning tokens of ${tokensText(u.output)} output`;
  if (cachedShare < 0.2 && input > 4000) {
    const full = tokensText(input - u.cacheRead);
    return s.messageCount > 1 ? `re-sends ${full} tokens of history at full input price` : `sends a ${full}-token prompt at full input price`;
  }
  return `${tokensText(input)}-token prompt (${Math.round(cachedShare * 100)}% from cache), ${tokensText(u.output)} output tokens`;
}

/** The costliest steps (LLM bills and tool carried/sub-agent cost), ties broken by session order. */
export function topCostSteps(ctx: FlagContext): TraceCard['top_cost_steps'] {
  const order = new Map(ctx.structure.steps.map((s, i) => [s.id, i]));
  return ctx.structure.steps
    .map((s) => ({ s, usd: stepCostUsd(s, ctx.cost.get(s.id)) }))
    .filter((x) => x.usd > 0)
    .sort((a, b) => b.usd - a.usd || (order.get(a.s.id) ?? 0) - (order.get(b.s.id) ?? 0))
    .slice(0, TOP_STEPS)
    .map(({ s, usd }) => ({ step: s.id, cost_usd: usd6(usd), reason: maskSecrets(reason(ctx, s, ctx.cost.get(s.id))) }));
}
