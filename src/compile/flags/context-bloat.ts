import type { LlmStep, ToolStep } from '../../domain/model.js';
import { cacheWrite, totalInput } from '../../domain/usage.js';
import type { Flag } from '../card/schema.js';
import { THRESHOLDS } from './thresholds.js';
import { carriers, usdText, type Detector, type FlagContext } from './context.js';

/**
 * What the call that received a tool result paid for it: the result's tokens at the rate of the prompt region it
 * sat in (cache read, cache write, plain input), placed by its message index as the carried cost places it.
 * null when the call is unpriced.
 */
function firstShare(ctx: FlagContext, s: LlmStep, t: ToolStep): number | null {
  const usd = ctx.cost.get(s.id)?.call?.usd;
  const u = s.usage;
  if (!usd || !u || t.resultTokens === null || t.resultMessageIndex === null) return null;
  const offset = (t.resultMessageIndex / Math.max(1, s.messageCount)) * totalInput(u);
  const write = cacheWrite(u);
  const rate =
    offset < u.cacheRead ? usd.cacheRead / u.cacheRead : offset < u.cacheRead + write ? usd.cacheWrite / write : u.inputUncached > 0 ? usd.inputUncached / u.inputUncached : 0;
  return rate * t.resultTokens;
}

/**
 * context_bloat: a large tool result carried through many calls. Waste: its carried cost minus what the first call
 * paid for it — the part that keeping only a short summary in the history would have avoided (conservative: the
 * summary's own cost is not subtracted, so the waste is never below zero and never counts the first read).
 */
export const contextBloat: Detector = (ctx) => {
  const flags: Flag[] = [];
  for (const t of ctx.tools) {
    if (t.resultTokens === null || t.resultTokens < THRESHOLDS.contextBloatMinTokens) continue;
    const carrying = carriers(ctx, t);
    const first = carrying[0];
    if (!first || carrying.length < THRESHOLDS.contextBloatMinCarries) continue;
    const carried = ctx.cost.get(t.id)?.carried ?? null;
    const share = firstShare(ctx, first, t);
    const wasted = carried === null || share === null ? null : Math.max(0, carried - share);
    flags.push({
      kind: 'context_bloat',
      steps: [t.id],
      target: t.name,
      wasted_usd: wasted,
      evidence: `${t.id} ${t.name} returned ${t.resultTokens} tokens that were re-sent in ${carrying.length} calls (${first.id}..${carrying[carrying.length - 1]?.id}); carrying it after the first call cost ${usdText(wasted)}`,
    });
  }
  return flags;
};
