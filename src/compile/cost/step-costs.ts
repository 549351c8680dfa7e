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
  return priceCall({ provider: s.provider, model: s.model, usage: s.usage, unbilled: unbilled(s), at: new Date(s.startedAt) }, table);
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
 * Does a later call `s` still send a result received by `first` at message `resultIndex`? Yes until the history was
 * compacted: its message count fell below the result's place, or its first message changed (a new system prompt
 * alone keeps the history). The one rule for carried cost and the flags that read it.
 */
export function stillCarries(first: LlmStep, s: LlmStep, resultIndex: number): boolean {
  return s.historyHash === first.historyHash && s.messageCount > resultIndex;
}

/**
 * Carried cost of a tool result: what every later call of its conversation paid to send the result again, from the
 * call that received it while `stillCarries`. The result's token offset in each prompt is estimated from its message
 * index — an approximation, stated as such in the card's docs. null when a carrying call could not be priced.
 */
function carriedCost(tool: ToolStep, agentSteps: readonly LlmStep[], costs: Map<string, CallCost>): number | null {
  if (tool.resultIn === null || tool.resultTokens === null || tool.resultMessageIndex === null) return 0;
  const start = agentSteps.findIndex((s) => s.id === tool.resultIn);
  const first = agentSteps[start];
  if (!first) return 0;
  const idx = tool.resultMessageIndex;
  let total = 0;
  for (let i = start; i < agentSteps.length; i++) {
    const s = agentSteps[i];
    if (!s || s.auxiliary) continue;
    if (!stillCarries(first, s, idx)) break;
    const cost = costs.get(s.id);
    if (!cost || !s.usage) continue;
    const rate = rateAt(s, cost, (idx / Math.max(1, s.messageCount)) * totalInput(s.usage));
    if (rate === null) return null;
    total += rate * tool.resultTokens;
  }
  return total;
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
  return structure.steps.map((s): StepCost => {
    if (s.kind === 'llm') {
      const call = callCosts.get(s.id) ?? null;
      return { stepId: s.id, direct: call?.usd?.total ?? null, carried: 0, subagent: null, call };
    }
    return {
      stepId: s.id,
      direct: null,
      carried: carriedCost(s, byAgent.get(s.agentId) ?? [], callCosts),
      subagent: s.spawnedAgentId ? agentTotal(s.spawnedAgentId) : null,
      call: null,
    };
  });
}
