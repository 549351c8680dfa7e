import type { ToolStep } from '../../domain/model.js';
import type { Flag } from '../card/schema.js';
import { THRESHOLDS } from './thresholds.js';
import { canonicalArgs, roundTripWaste, similarity, usdText, type Detector } from './context.js';
import { fileAction, isWriteAction } from './file-actions.js';

/**
 * duplicate_tool_call: the same tool with the same or near-same arguments (normalized similarity >= 0.8) that
 * returned the same result as an earlier call, with nothing that might have written a file in between (re-running
 * tests after an edit is verification, not waste). Results must be known on both sides; file reads are left to
 * reread_unchanged.
 */
export const duplicateToolCall: Detector = (ctx) => {
  const flags: Flag[] = [];
  const byTool = new Map<string, { step: ToolStep; args: string; epochAfter: number }[]>();
  const used = new Set<string>();
  let epoch = 0;
  for (const step of ctx.tools) {
    const action = fileAction(step);
    const epochBefore = epoch;
    if (isWriteAction(action)) epoch++;
    if (step.resultHash === null || step.isError || step.spawnedAgentId || action.kind === 'read') continue;
    const args = canonicalArgs(step.args);
    const earlier = byTool.get(step.name) ?? [];
    const match = earlier
      .slice(-THRESHOLDS.duplicateWindow)
      .find((e) => !used.has(e.step.id) && e.epochAfter === epochBefore && e.step.resultHash === step.resultHash && similarity(e.args, args) >= THRESHOLDS.duplicateSimilarity);
    if (match) {
      used.add(step.id);
      const wasted = roundTripWaste(ctx, step);
      const same = match.args === args ? 'the same arguments' : `near-same arguments (similarity ${similarity(match.args, args).toFixed(2)})`;
      flags.push({
        kind: 'duplicate_tool_call',
        steps: [match.step.id, step.id],
        target: step.name,
        wasted_usd: wasted,
        evidence: `${step.id} repeats ${step.name} from ${match.step.id} with ${same} and got the same result; dropping it saves ${usdText(wasted)}`,
      });
    }
    earlier.push({ step, args, epochAfter: epoch });
    byTool.set(step.name, earlier);
  }
  return flags;
};
