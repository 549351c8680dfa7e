import type { CallCost, StepCost } from '../../domain/cost.js';
import type { LlmStep, SessionStructure, ToolStep } from '../../domain/model.js';
import { totalInput } from '../../domain/usage.js';
import { priceCall } from '../pricing/price-call.js';
import type { PriceTable } from '../pricing/rates.js';

/** An LLM step that was never billed: an error answer, a guardrail refusal, a token count. */
function unbilled(s: LlmStep): boolean {
  return s.error !== null || s.refused || s.auxiliary === 'token_count';
}

export function priceStep(s: LlmStep, table: PriceTable): CallCost {
  return priceCall(
    { provider: s.provider, providerId: s.providerId, loggedCost: s.loggedCost, model: s.model, usage: s.usage, unbilled: unbilled(s), at: new Date(s.startedAt) },
    table,
  );
}

/**
 * USD per token this call paid at a position in its prompt. Providers cache a prefix: the first `cacheRead`
 * tokens were read from cache, the next `cacheWrite` written to it, the rest billed as plain input.
 */
function rateAt(s: LlmStep, cost: CallCost, offset: number): number | null {
  const u = s.usage;
  const usd = cost.usd;
  if (!u || !usd) return null;
  const write = u.cacheWrite5m + u.cacheWrite1h;
  if (offset < u.cacheRead) return usd.cacheRead / u.cacheRead;
  if (offset < u.cacheRead + write) return usd.cacheWrite / write;
  return u.inputUncached > 0 ? usd.inputUncached / u.inputUncached : 0;
}

/**
 * Does a later call `s` still send a result of `resultTokens` received by `first` at message `resultIndex`? Yes
 * until the history was compacted (its message count fell below the result's place, or its first message changed; a
 * new system prompt alone keeps the history) or trimmed: a prompt smaller than the result cannot hold it (proxies
 * and routers that cut history). The one rule for carried cost and the flags that read it.
 */
export function stillCarries(first: LlmStep, s: LlmStep, resultIndex: number, resultTokens: number): boolean {
  if (s.historyHash !== first.historyHash || s.messageCount <= resultIndex) return false;
  return s.usage === null || totalInput(s.usage) >= resultTokens;
}

/** What a call paid for its prompt (every input part), or null when it could not be priced. */
function promptUsd(cost: CallCost | undefined): number | null {
  const usd = cost?.usd;
  return usd ? usd.inputUncached + usd.cacheRead + usd.cacheWrite : null;
}

/**
 * Carried cost of every tool result: what each later call of its conversation paid to send the result again, from
 * the call that received it while `stillCarries`. A result's token offset in a prompt is estimated from its message
 * index (an approximation, stated in the card's docs). Per call, the results it carries never add up to more than
 * its prompt: their tokens are scaled down to the prompt's size, and their cost to what the call paid for its prompt.
 * null for a tool when a carrying call could not be priced.
 */
function carriedCosts(tools: readonly ToolStep[], agentSteps: readonly LlmStep[], costs: Map<string, CallCost>): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const index = new Map(agentSteps.map((s, i) => [s.id, i]));
  // per carrying call: the results it holds (tool, tokens)
  const held = new Map<number, { tool: ToolStep; tokens: number }[]>();
  for (const tool of tools) {
    out.set(tool.id, 0);
    if (tool.resultIn === null || tool.resultTokens === null || tool.resultMessageIndex === null) continue;
    const start = index.get(tool.resultIn);
    const first = start === undefined ? undefined : agentSteps[start];
    if (start === undefined || !first) continue;
    for (let i = start; i < agentSteps.length; i++) {
      const s = agentSteps[i];
      if (!s || s.auxiliary) continue;
      if (!stillCarries(first, s, tool.resultMessageIndex, tool.resultTokens)) break;
      const list = held.get(i) ?? [];
      list.push({ tool, tokens: tool.resultTokens });
      held.set(i, list);
    }
  }
  for (const [i, list] of held) {
    const s = agentSteps[i];
    const cost = s ? costs.get(s.id) : undefined;
    if (!s || !s.usage) continue;
    const prompt = totalInput(s.usage);
    const paid = promptUsd(cost);
    const sumTokens = list.reduce((n, h) => n + h.tokens, 0);
    const scale = sumTokens > prompt && sumTokens > 0 ? prompt / sumTokens : 1;
    const parts = list.map((h) => {
      const rate = cost ? rateAt(s, cost, (h.tool.resultMessageIndex ?? 0) / Math.max(1, s.messageCount) * prompt) : null;
      return { h, usd: rate === null ? null : rate * h.tokens * scale };
    });
    const sumUsd = parts.reduce((n, p) => n + (p.usd ?? 0), 0);
    const cap = paid !== null && sumUsd > paid && sumUsd > 0 ? paid / sumUsd : 1;
    for (const p of parts) {
      const before = out.get(p.h.tool.id);
      if (before === null || before === undefined) continue;
      out.set(p.h.tool.id, p.usd === null ? null : before + p.usd * cap);
    }
  }
  return out;
}

/** Direct cost of every LLM step, carried cost of every tool step, sub-agent cost rolled into its spawning step. */
export function computeStepCosts(structure: SessionStructure, table: PriceTable): StepCost[] {
  const callCosts = new Map<string, CallCost>();
  const byAgent = new Map<string, LlmStep[]>();
  for (const s of structure.steps) {
    if (s.kind !== 'llm') continue;
    callCosts.set(s.id, priceStep(s, table));
    const list = byAgent.get(s.agentId) ?? [];
    list.push(s);
    byAgent.set(s.agentId, list);
  }
  const children = new Map<string, string[]>();
  for (const a of structure.agents) {
    if (!a.parentAgentId) continue;
    children.set(a.parentAgentId, [...(children.get(a.parentAgentId) ?? []), a.id]);
  }
  const agentTotal = (agentId: string): number | null => {
    let sum = 0;
    for (const s of byAgent.get(agentId) ?? []) {
      const usd = callCosts.get(s.id)?.usd;
      if (!usd) return null;
      sum += usd.total;
    }
    for (const child of children.get(agentId) ?? []) {
      const c = agentTotal(child);
      if (c === null) return null;
      sum += c;
    }
    return sum;
  };
  const carried = new Map<string, number | null>();
  for (const [agentId, steps] of byAgent) {
    const tools = structure.steps.filter((t): t is ToolStep => t.kind === 'tool' && t.agentId === agentId);
    for (const [id, usd] of carriedCosts(tools, steps, callCosts)) carried.set(id, usd);
  }
  return structure.steps.map((s): StepCost => {
    if (s.kind === 'llm') {
      const call = callCosts.get(s.id) ?? null;
      return { stepId: s.id, direct: call?.usd?.total ?? null, carried: 0, subagent: null, call };
    }
    return {
      stepId: s.id,
      direct: null,
      // null (a carrying call could not be priced) stays null: never $0
      carried: carried.has(s.id) ? (carried.get(s.id) ?? null) : 0,
      subagent: s.spawnedAgentId ? agentTotal(s.spawnedAgentId) : null,
      call: null,
    };
  });
}
