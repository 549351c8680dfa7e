import type { ToolStep } from '../../domain/model.js';
import type { Flag } from '../card/schema.js';
import { THRESHOLDS } from './thresholds.js';
import { argsOf, repeatWaste, similarity, similarAtLeast, usdText, type Detector } from './context.js';
import { fileAction, isWriteAction } from './file-actions.js';

interface Seen {
  step: ToolStep;
  args: string;
  /** writes seen (session-wide) up to and including this call */
  epoch: number;
}

/**
 * duplicate_tool_call: an agent calls the same tool with the same or near-same arguments (normalized similarity >=
 * 0.8) as an earlier call of its own, and — where both results are known — got the same result, with nothing that
 * might have written a file in between (re-running tests after an edit is verification, not waste). Without known
 * results, or for a call that writes (or may), the arguments must be identical. File reads are left to reread_unchanged, failures to error_retry.
 * Waste: the later call's carried cost, plus the round trip when it was all its turn asked for (repeatWaste).
 */
export const duplicateToolCall: Detector = (ctx) => {
  const flags: Flag[] = [];
  const seen = new Map<string, Seen[]>();
  const used = new Set<string>();
  let epoch = 0;
  for (const step of ctx.tools) {
    const action = fileAction(step);
    const epochBefore = epoch;
    const writes = isWriteAction(action);
    if (writes) epoch++;
    if (step.isError || step.spawnedAgentId || step.resultIn === null || action.kind === 'read') continue;
    const args = argsOf(ctx, step);
    const key = `${step.agentId}\u0000${step.name}`;
    const earlier = seen.get(key) ?? [];
    const sameResult = (e: Seen): boolean =>
      e.step.resultHash !== null && step.resultHash !== null ? e.step.resultHash === step.resultHash : e.args === args;
    let match: Seen | undefined;
    for (let i = earlier.length - 1; i >= Math.max(0, earlier.length - THRESHOLDS.duplicateWindow) && !match; i--) {
      const e = earlier[i];
      if (!e || used.has(e.step.id) || e.epoch !== epochBefore || !sameResult(e)) continue;
      // near-same arguments of a write are a different write (another file, another replacement)
      if (e.args === args || (!writes && similarAtLeast(e.args, args, THRESHOLDS.duplicateSimilarity))) match = e;
    }
    if (match) {
      used.add(step.id);
      const waste = repeatWaste(ctx, step);
      const same = match.args === args ? 'the same arguments' : `near-same arguments (similarity ${similarity(match.args, args).toFixed(2)})`;
      const result = match.step.resultHash !== null && step.resultHash !== null ? 'got the same result' : 'results unknown';
      flags.push({
        kind: 'duplicate_tool_call',
        steps: [match.step.id, step.id],
        target: step.name,
        wasted_usd: waste.usd,
        evidence: `${step.id} repeats ${step.name} from ${match.step.id} with ${same} and ${result}, nothing written in between; ${waste.roundTrip ? 'its round trip and re-sent result' : 'its re-sent result'} cost ${usdText(waste.usd)}`,
      });
    }
    earlier.push({ step, args, epoch });
    seen.set(key, earlier);
  }
  return flags;
};
