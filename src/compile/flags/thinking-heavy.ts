import type { Flag } from '../card/schema.js';
import { THRESHOLDS } from './thresholds.js';
import type { Detector } from './context.js';

/**
 * thinking_heavy: reasoning tokens dominate a call whose visible output is short. Waste: the reasoning beyond a
 * generous multiple of the visible output, at the call's output rate.
 */
export const thinkingHeavy: Detector = (ctx) => {
  const flags: Flag[] = [];
  for (const s of ctx.llm) {
    const u = s.usage;
    if (!u || u.reasoning < THRESHOLDS.thinkingHeavyMinTokens || u.output === 0) continue;
    if (u.reasoning / u.output < THRESHOLDS.thinkingHeavyShare || s.outputChars > THRESHOLDS.thinkingHeavyMaxVisibleChars) continue;
    const call = ctx.cost.get(s.id)?.call;
    const visible = u.output - u.reasoning;
    const excess = Math.max(0, u.reasoning - THRESHOLDS.thinkingHeavyAllowedRatio * Math.max(visible, 1));
    const wasted = call?.usd ? (call.usd.output / u.output) * excess : null;
    flags.push({
      kind: 'thinking_heavy',
      steps: [s.id],
      target: s.model ?? 'model',
      wasted_usd: wasted,
      evidence: `${s.id} spent ${u.reasoning} reasoning tokens (${Math.round((u.reasoning / u.output) * 100)}% of its output) to produce ${s.outputChars} visible characters`,
    });
  }
  return flags;
};
