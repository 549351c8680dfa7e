import type { LlmStep } from '../../domain/model.js';
import { totalInput } from '../../domain/usage.js';
import type { Flag } from '../card/schema.js';
import { THRESHOLDS } from './thresholds.js';
import type { Detector } from './context.js';

/**
 * cache_miss: a call that extends the previous call of its conversation (same head, longer history) with a big
 * prompt, but read nothing from cache although the conversation was being cached (the previous call read or wrote
 * cache) — so it paid full input price for a prefix a hit would have served. Waste: that prefix at (input rate −
 * cache-read rate), the rates taken from the call's own price.
 */
export const cacheMiss: Detector = (ctx) => {
  const flags: Flag[] = [];
  const prevOf = new Map<string, LlmStep>();
  for (const s of ctx.llm) {
    if (s.auxiliary || !s.usage) continue;
    const key = `${s.agentId}\u0000${s.headHash ?? ''}`;
    const prev = prevOf.get(key);
    prevOf.set(key, s);
    if (!prev?.usage || s.messageCount <= prev.messageCount) continue;
    const u = s.usage;
    const input = totalInput(u);
    const prevCached = prev.usage.cacheRead + prev.usage.cacheWrite5m + prev.usage.cacheWrite1h > 0;
    if (input < THRESHOLDS.cacheMissMinInputTokens || u.cacheRead > 0 || !prevCached) continue;
    const call = ctx.cost.get(s.id)?.call;
    const source = call?.source;
    if (!call?.usd || !source || u.inputUncached === 0) continue;
    const inputRate = call.usd.inputUncached / u.inputUncached;
    // the cache-read rate is not in this call's breakdown (it read nothing): take it from the previous call, else 10%
    const prevCall = ctx.cost.get(prev.id)?.call;
    const readRate = prevCall?.usd && prev.usage.cacheRead > 0 ? prevCall.usd.cacheRead / prev.usage.cacheRead : inputRate * 0.1;
    const prefix = Math.min(totalInput(prev.usage), u.inputUncached);
    const wasted = prefix * Math.max(0, inputRate - readRate);
    if (wasted <= 0) continue;
    flags.push({
      kind: 'cache_miss',
      steps: [prev.id, s.id],
      target: `${s.model ?? 'model'}`,
      wasted_usd: wasted,
      evidence: `${s.id} re-sent the ${prefix}-token prefix of ${prev.id} (cached there) at full input price; a cache hit would have saved $${wasted.toFixed(4)}`,
    });
  }
  return flags;
};
