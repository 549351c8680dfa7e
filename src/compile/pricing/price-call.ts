import type { CallCost } from '../../domain/cost.js';
import type { LoggedCost } from '../../domain/llm-call.js';
import { totalInput, type Usage } from '../../domain/usage.js';
import type { PriceTable } from './rates.js';

export interface PriceInput {
  provider: string;
  /** the provider the log names (see PriceQuery.providerId) */
  providerId?: string | null | undefined;
  model: string | null;
  usage: Usage | null;
  /** the agent's own cost figure: used only when no price list has the call, and only when it is not 0 */
  loggedCost?: LoggedCost | null | undefined;
  /** the call failed before anything was billed (an error response, a guardrail refusal) */
  unbilled?: boolean;
  at?: Date;
}

const M = 1_000_000;

/** The agent's own figure as a breakdown (its parts where the log has them; reasoning is not split out). */
function fromLog(c: LoggedCost, u: Usage, provider: string, model: string): CallCost {
  const parts = c.input !== undefined && c.output !== undefined;
  const usd = parts
    ? { inputUncached: c.input ?? 0, cacheRead: c.cacheRead ?? 0, cacheWrite: c.cacheWrite ?? 0, output: c.output ?? 0, reasoning: 0, total: c.total }
    : { inputUncached: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0, total: c.total };
  const note = "the agent's own logged cost (no price list has this provider's model)";
  return { usd, source: { origin: 'agent-log', provider, modelId: model, note }, estimated: u.estimated };
}

/**
 * Prices one call from its normalized usage. Unknown model → `usd: null` (unpriced, never $0), unless the agent
 * logged a non-zero cost of its own (an explicit 0 in such logs means "no price configured", not free). No usage on
 * a call that was never billed → $0. The breakdown keeps every part; reasoning is inside output (shown, not added).
 */
export function priceCall(input: PriceInput, table: PriceTable): CallCost {
  const u = input.usage;
  if (!u) {
    const zero = { inputUncached: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0, total: 0 };
    return input.unbilled ? { usd: zero, source: null, estimated: false } : { usd: null, source: null, estimated: false };
  }
  const logged = input.loggedCost && input.loggedCost.total > 0 ? input.loggedCost : null;
  const entry = input.model
    ? table.lookup({ provider: input.provider, providerId: input.providerId ?? null, model: input.model, promptTokens: totalInput(u), at: input.at })
    : null;
  if (!entry) {
    return logged ? fromLog(logged, u, input.providerId ?? input.provider, input.model ?? '') : { usd: null, source: null, estimated: u.estimated };
  }
  const r = entry.rates;
  const inputUncached = (u.inputUncached * r.input) / M;
  const cacheRead = (u.cacheRead * r.cacheRead) / M;
  const cacheWrite = (u.cacheWrite5m * r.cacheWrite5m + u.cacheWrite1h * r.cacheWrite1h) / M;
  const output = (u.output * r.output) / M;
  const reasoning = (u.reasoning * r.output) / M;
  return {
    usd: { inputUncached, cacheRead, cacheWrite, output, reasoning, total: inputUncached + cacheRead + cacheWrite + output },
    source: entry.source,
    estimated: u.estimated,
  };
}
