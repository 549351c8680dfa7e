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
  const n = agentSteps.length;
  // A result is carried by the calls from the one that received it up to (not including) the first that drops it.
  const spans: { tool: ToolStep; start: number; end: number; tokens: number; at: number }[] = [];
  for (const tool of tools) {
    out.set(tool.id, 0);
    if (tool.resultIn === null || tool.resultTokens === null || tool.resultMessageIndex === null) continue;
    const start = index.get(tool.resultIn);
    const first = start === undefined ? undefined : agentSteps[start];
    if (start === undefined || !first) continue;
    let end = start;
    for (; end < n; end++) {
      const s = agentSteps[end];
      if (s && !s.auxiliary && !stillCarries(first, s, tool.resultMessageIndex, tool.resultTokens)) break;
    }
    spans.push({ tool, start, end, tokens: tool.resultTokens, at: tool.resultMessageIndex });
  }
  const carrying = (s: LlmStep | undefined): s is LlmStep => s !== undefined && !s.auxiliary && s.usage !== null;
  // per call, what it paid per token at a message index (looked up once: the loops below run calls × results)
  const rates = agentSteps.map((s) => {
    const cost = costs.get(s.id);
    const prompt = s.usage ? totalInput(s.usage) : 0;
    return { cost, prompt, perIndex: prompt / Math.max(1, s.messageCount) };
  });
  const rate = (s: LlmStep, i: number, at: number): number | null => {
    const r = rates[i];
    return r?.cost ? rateAt(s, r.cost, at * r.perIndex) : null;
  };
  // First pass: per call, the tokens of the results it holds and what they cost unscaled (arrays, not lists: a long
  // session has every call holding thousands of results).
  const heldTokens = new Float64Array(n);
  const heldUsd = new Float64Array(n);
  for (const sp of spans) {
    for (let i = sp.start; i < sp.end; i++) {
      const s = agentSteps[i];
      if (!carrying(s)) continue;
      heldTokens[i] = (heldTokens[i] ?? 0) + sp.tokens;
      heldUsd[i] = (heldUsd[i] ?? 0) + (rate(s, i, sp.at) ?? 0) * sp.tokens;
    }
  }
  // Per call, one factor: tokens scaled down to the prompt's size, then cost down to what the call paid.
  const factor = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = agentSteps[i];
    if (!carrying(s)) continue;
    const prompt = rates[i]?.prompt ?? 0;
    const sumTokens = heldTokens[i] ?? 0;
    const scale = sumTokens > prompt && sumTokens > 0 ? prompt / sumTokens : 1;
    const sumUsd = (heldUsd[i] ?? 0) * scale;
    const paid = promptUsd(costs.get(s.id));
    factor[i] = scale * (paid !== null && sumUsd > paid && sumUsd > 0 ? paid / sumUsd : 1);
  }
  for (const sp of spans) {
    let usd: number | null = 0;
    for (let i = sp.start; i < sp.end && usd !== null; i++) {
      const s = agentSteps[i];
      if (!carrying(s)) continue;
      const r = rate(s, i, sp.at);
      usd = r === null ? null : usd + r * sp.tokens * (factor[i] ?? 1);
    }
    out.set(sp.tool.id, usd);
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
