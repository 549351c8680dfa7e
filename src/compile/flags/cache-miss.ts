import type { LlmStep } from '../../domain/model.js';
import { cacheWrite, totalInput } from '../../domain/usage.js';
import type { Flag } from '../card/schema.js';
import { THRESHOLDS } from './thresholds.js';
import type { Detector, FlagContext } from './context.js';

interface Thread {
  prev: LlmStep;
  /** some earlier call of the thread read or wrote cache: the provider caches this conversation */
  cached: boolean;
  /** USD per cache-read token, as an earlier call of the thread paid it */
  readRate: number | null;
}

function observedReadRate(ctx: FlagContext, s: LlmStep): number | null {
  const usd = ctx.cost.get(s.id)?.call?.usd;
  return usd && s.usage && s.usage.cacheRead > 0 ? usd.cacheRead / s.usage.cacheRead : null;
}

/** How long after `prev` its cache can still be expected to hold (5 minutes; an hour when it wrote 1h entries). */
function cacheLifetimeMs(prev: LlmStep): number {
  return (prev.usage?.cacheWrite1h ?? 0) > 0 ? 12 * THRESHOLDS.cacheMissMaxGapMs : THRESHOLDS.cacheMissMaxGapMs;
}

/**
 * cache_miss: a call that extends the previous call of its conversation (same history, more messages, within the
 * cache's lifetime) with a big prompt, but read nothing from cache although the conversation was being cached —
 * so it paid full price (input, or a fresh cache write) for a prefix a hit would have served. Waste: that prefix
 * at (the rate it paid − the cache-read rate), both from the call's own price breakdown, the read rate from an
 * earlier hit of the thread (else a conservative share of the input rate).
 */
export const cacheMiss: Detector = (ctx) => {
  const flags: Flag[] = [];
  for (const steps of ctx.llmByAgent.values()) {
    const threads = new Map<string, Thread>();
    for (const s of steps) {
      if (!s.usage || s.error) continue;
      // the conversation, not its head: a rebuilt system prompt or tool list is a cause of misses, not a new thread
      const key = s.historyHash ?? '';
      const thread = threads.get(key);
      const rate = observedReadRate(ctx, s);
      threads.set(key, {
        prev: s,
        cached: (thread?.cached ?? false) || s.usage.cacheRead + cacheWrite(s.usage) > 0,
        readRate: rate ?? thread?.readRate ?? null,
      });
      const prev = thread?.prev;
      const prevUsage = prev?.usage;
      if (!thread?.cached || !prev || !prevUsage || s.historyHash === null || s.messageCount <= prev.messageCount) continue;
      const u = s.usage;
      const gap = s.startedAt - (prev.startedAt + (prev.durationMs ?? 0));
      if (totalInput(u) < THRESHOLDS.cacheMissMinInputTokens || u.cacheRead > 0 || gap > cacheLifetimeMs(prev)) continue;
      const usd = ctx.cost.get(s.id)?.call?.usd;
      const fullTokens = u.inputUncached + cacheWrite(u);
      if (!usd || fullTokens === 0) continue;
      const paidRate = (usd.inputUncached + usd.cacheWrite) / fullTokens;
      const readRate = thread.readRate ?? paidRate * THRESHOLDS.cacheMissAssumedReadShare;
      const prefix = Math.min(totalInput(prevUsage), fullTokens);
      const wasted = prefix * Math.max(0, paidRate - readRate);
      if (wasted <= 0) continue;
      flags.push({
        kind: 'cache_miss',
        steps: [prev.id, s.id],
        target: s.model ?? 'model',
        wasted_usd: wasted,
        evidence: `${s.id} continues ${prev.id} (${Math.round(gap / 1000)}s later) but read nothing from cache${s.headHash !== prev.headHash ? ' (its system prompt or first message changed)' : ''}: its ${prefix}-token prefix was paid in full; a cache hit would have saved $${wasted.toFixed(4)}`,
      });
    }
  }
  return flags;
};
