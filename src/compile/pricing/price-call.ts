import type { CallCost } from '../../domain/cost.js';
import { totalInput, type Usage } from '../../domain/usage.js';
import type { PriceTable } from './rates.js';

export interface PriceInput {
  provider: string;
  model: string | null;
  usage: Usage | null;
  /** the call failed before anything was billed (an error response, a guardrail refusal) */
  unbilled?: boolean;
  at?: Date;
}

const M = 1_000_000;

/**
 * Prices one call from its normalized usage. Unknown model → `usd: null` (unpriced, never $0). No usage on a call
 * that was never billed → $0. The breakdown keeps every part; reasoning is inside output (shown, not added).
 */
export function priceCall(input: PriceInput, table: PriceTable): CallCost {
  const u = input.usage;
  if (!u) {
    const zero = { inputUncached: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0, total: 0 };
    return input.unbilled ? { usd: zero, source: null, estimated: false } : { usd: null, source: null, estimated: false };
  }
  if (!input.model) return { usd: null, source: null, estimated: u.estimated };
  const entry = table.lookup(input.provider, input.model, totalInput(u), input.at);
  if (!entry) return { usd: null, source: null, estimated: u.estimated };
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
