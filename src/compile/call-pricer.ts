import type { NormalizedCall } from '../domain/llm-call.js';
import { priceCall } from './pricing/price-call.js';
import type { PriceTable } from './pricing/rates.js';

/** Whether a call was billed at all: errors and refusals carry no usage and cost nothing. */
export function isUnbilled(call: NormalizedCall): boolean {
  return call.error !== null || call.hints.auxiliary === 'token_count';
}

/** USD of one normalized call with a given table; null when its model has no price. */
export function callUsd(call: NormalizedCall, table: PriceTable): number | null {
  return priceCall(
    { provider: call.provider, providerId: call.providerId, loggedCost: call.loggedCost, model: call.model, usage: call.usage, unbilled: isUnbilled(call) },
    table,
  ).usd?.total ?? null;
}

