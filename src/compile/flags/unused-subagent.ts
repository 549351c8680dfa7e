import type { Flag } from '../card/schema.js';
import { THRESHOLDS } from './thresholds.js';
import { usdText, type Detector } from './context.js';
import { subagentUse } from './subagent-use.js';

/**
 * unused_subagent: a sub-agent whose answer (its last output, known) barely shows up in what its parent did next
 * (the parent's next turns' text and tool arguments share under 10% of the answer's distinctive words).
 * Waste: the sub-agent's whole cost.
 */
export const unusedSubagent: Detector = (ctx) => {
  const flags: Flag[] = [];
  for (const t of ctx.tools) {
    const use = subagentUse(ctx, t, THRESHOLDS.unusedSubagentNextTurns);
    if (!use || use.overlap >= THRESHOLDS.unusedSubagentMaxOverlap) continue;
    const cost = ctx.cost.get(t.id)?.subagent ?? null;
    flags.push({
      kind: 'unused_subagent',
      steps: [t.id],
      target: t.name,
      wasted_usd: cost,
      evidence: `sub-agent ${use.agentId} (spawned at ${t.id}) answered at ${use.answerStep}, but only ${Math.round(use.overlap * 100)}% of its answer's ${use.answerWords} distinctive words appear in its parent's next ${use.turns} turn(s); it cost ${usdText(cost)}`,
    });
  }
  return flags;
};
