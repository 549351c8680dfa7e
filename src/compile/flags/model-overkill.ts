import type { LlmStep } from '../../domain/model.js';
import { priceCall } from '../pricing/price-call.js';
import { THRESHOLDS } from './thresholds.js';
import { usdText, type Candidate, type Claim, type Detector, type FlagContext } from './context.js';

/** The cheaper model of the same provider that does look-only work well: one tier down. */
export function cheaperSibling(model: string): string | null {
  const m = model.toLowerCase();
  if (/claude-(3-)?opus|opus-4/.test(m)) return 'claude-sonnet-4-5';
  if (/claude-(3-5-|3-7-)?sonnet|sonnet-4/.test(m)) return 'claude-haiku-4-5';
  if (/^gpt-5(\.\d+)?(-codex)?$/.test(m) || /^gpt-5(\.\d+)?-codex-max$/.test(m)) return 'gpt-5-mini';
  if (/^gemini-[\d.]+-pro/.test(m)) return 'gemini-2.5-flash';
  return null;
}

/** What a call would have cost on another model of the same provider, same usage; null when either is unpriced. */
function savingOn(ctx: FlagContext, s: LlmStep, sibling: string): number | null {
  const own = ctx.cost.get(s.id)?.direct ?? null;
  if (!ctx.table || own === null || !s.usage) return null;
  const alt = priceCall({ provider: s.provider, providerId: s.providerId, model: sibling, usage: s.usage, at: new Date(s.startedAt) }, ctx.table).usd?.total;
  return alt === undefined ? null : Math.max(0, own - alt);
}

/**
 * model_overkill: a sub-agent that only read, searched and listed (no writes, no commands run) on a frontier model,
 * where a cheaper model of the same provider does such work (Claude Code's own Explore agent runs on Haiku). A
 * sub-agent has its own conversation, so its model is a setting (an agent definition's `model`) that changes nothing
 * for the parent's cache. Turns of the main conversation are never flagged: switching models mid-conversation would
 * rebuild the cache and cost more. Waste: what its calls cost above the cheaper model's rates.
 */
export const modelOverkill: Detector = (ctx) => {
  const out: Candidate[] = [];
  for (const agent of ctx.structure.agents) {
    if (agent.kind !== 'subagent') continue;
    const calls = ctx.llmByAgent.get(agent.id) ?? [];
    const tools = ctx.toolsByAgent.get(agent.id) ?? [];
    const model = calls[0]?.model;
    const sibling = model ? cheaperSibling(model) : null;
    if (!model || !sibling || calls.some((c) => c.model !== model)) continue;
    if (tools.length < THRESHOLDS.overkillMinTools || !tools.every((t) => t.action.writes === 'no' && ['read', 'list', 'search'].includes(t.action.verb))) continue;
    const claims: Claim[] = calls.map((s) => ({ stepId: s.id, usd: savingOn(ctx, s, sibling) }));
    if (claims.some((c) => c.usd === null)) continue;
    const spawn = agent.spawnedByStepId;
    out.push({
      kind: 'model_overkill',
      steps: [...(spawn ? [spawn] : []), ...calls.map((s) => s.id)],
      target: model,
      cause: `a sub-agent that only read and searched ran on ${model}`,
      claims,
      evidence: (usd) => `sub-agent ${agent.id}${agent.label ? ` (${agent.label})` : ''} made ${calls.length} calls on ${model} and ${tools.length} tool calls, all reads, searches or listings; on ${sibling} the same calls would have cost ${usdText(usd)} less`,
    });
  }
  return out;
};
