import type { Flag } from '../card/schema.js';
import { THRESHOLDS } from './thresholds.js';
import type { Detector } from './context.js';

/**
 * context_bloat: a large tool result carried through many later calls. Waste: its carried cost beyond the first
 * call, the part a short summary of the result would have avoided (conservative: the summary itself costs nothing).
 */
export const contextBloat: Detector = (ctx) => {
  const flags: Flag[] = [];
  const byAgent = new Map<string, typeof ctx.llm>();
  for (const s of ctx.llm) if (!s.auxiliary) byAgent.set(s.agentId, [...(byAgent.get(s.agentId) ?? []), s]);
  for (const t of ctx.tools) {
    if (t.resultTokens === null || t.resultTokens < THRESHOLDS.contextBloatMinTokens || t.resultIn === null || t.resultMessageIndex === null) continue;
    const steps = byAgent.get(t.agentId) ?? [];
    const start = steps.findIndex((s) => s.id === t.resultIn);
    const first = steps[start];
    if (!first) continue;
    let carries = 0;
    for (let i = start; i < steps.length; i++) {
      const s = steps[i];
      if (!s || s.headHash !== first.headHash || s.messageCount <= t.resultMessageIndex) break;
      carries++;
    }
    if (carries < THRESHOLDS.contextBloatMinCarries) continue;
    const carried = ctx.cost.get(t.id)?.carried ?? null;
    const wasted = carried === null ? null : (carried * (carries - 1)) / carries;
    flags.push({
      kind: 'context_bloat',
      steps: [t.id],
      target: t.name,
      wasted_usd: wasted,
      evidence: `${t.id} ${t.name} returned ${t.resultTokens} tokens that were re-sent in ${carries} calls (carried $${(carried ?? 0).toFixed(4)}${carried === null ? ', partly unpriced' : ''})`,
    });
  }
  return flags;
};
