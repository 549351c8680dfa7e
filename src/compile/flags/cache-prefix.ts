import type { LlmStep } from '../../domain/model.js';
import { cacheWrite, totalInput } from '../../domain/usage.js';
import { THRESHOLDS } from './thresholds.js';
import type { FlagContext } from './context.js';

/** A call that paid again for a prefix the previous call of its conversation had cached. */
export interface Repaid {
  prev: LlmStep;
  call: LlmStep;
  /** idle time between the two calls (ms) */
  gapMs: number;
  /** tokens of the prefix paid at full price (or written to cache again) instead of read */
  tokens: number;
  /** what a cache read of them would have saved */
  usd: number;
}

/** How long a conversation's cache can be expected to hold after a call: 5 minutes, an hour after 1h writes. */
export function cacheLifetimeMs(prev: LlmStep): number {
  return (prev.usage?.cacheWrite1h ?? 0) > 0 ? THRESHOLDS.cacheLifetime1hMs : THRESHOLDS.cacheLifetimeMs;
}

function readRateOf(ctx: FlagContext, s: LlmStep): number | null {
  const usd = ctx.cost.get(s.id)?.call?.usd;
  return usd && s.usage && s.usage.cacheRead > 0 ? usd.cacheRead / s.usage.cacheRead : null;
}

/**
 * Every call of an agent that continued the previous call's conversation (same history, at least as many messages,
 * a prompt that did not shrink: a pruned prompt must be written anew) with a prompt worth caching, in a conversation the provider was caching, and read at most half of the prefix the
 * previous call had: what it paid for that prefix above the cache-read rate. The read rate is the thread's own (from
 * an earlier hit), else a conservative share of the input rate.
 */
export function repaidPrefixes(ctx: FlagContext): Repaid[] {
  const out: Repaid[] = [];
  for (const steps of ctx.llmByAgent.values()) {
    let cached = false;
    let readRate: number | null = null;
    let prev: LlmStep | null = null;
    for (const s of steps) {
      if (!s.usage || s.error || s.refused) continue;
      const p = prev;
      const wasCached = cached;
      cached ||= s.usage.cacheRead + cacheWrite(s.usage) > 0;
      readRate = readRateOf(ctx, s) ?? readRate;
      prev = s;
      if (!p?.usage || !wasCached || s.historyHash === null || s.historyHash !== p.historyHash || s.messageCount < p.messageCount) continue;
      const u = s.usage;
      const prefix = Math.min(totalInput(p.usage), totalInput(u));
      if (totalInput(u) < THRESHOLDS.cacheMinInputTokens || u.cacheRead > THRESHOLDS.cacheMissReadShare * prefix) continue;
      // a prompt that shrank was pruned (old tool results cleared): writing the new, shorter prefix is the price of it
      if (totalInput(u) < THRESHOLDS.cachePrunedShare * totalInput(p.usage)) continue;
      const usd = ctx.cost.get(s.id)?.call?.usd;
      const full = u.inputUncached + cacheWrite(u);
      if (!usd || full === 0) continue;
      const paidRate = (usd.inputUncached + usd.cacheWrite) / full;
      const tokens = Math.max(0, Math.min(prefix - u.cacheRead, full));
      const waste = tokens * Math.max(0, paidRate - (readRate ?? paidRate * THRESHOLDS.cacheAssumedReadShare));
      if (waste <= 0) continue;
      out.push({ prev: p, call: s, gapMs: s.startedAt - (p.startedAt + (p.durationMs ?? 0)), tokens, usd: waste });
    }
  }
  return out;
}
