import type { ToolStep } from '../../domain/model.js';
import type { Flag } from '../card/schema.js';
import { THRESHOLDS } from './thresholds.js';
import { argsOf, carriedOf, directOf, usdText, type Detector, type FlagContext } from './context.js';

/** A call's identity for loop purposes: tool, arguments and result. Unknown results never match anything. */
function identity(ctx: FlagContext, t: ToolStep, i: number): string {
  if (t.resultHash === null || t.isError) return `\u0001${i}`;
  return `${t.name}\u0000${argsOf(ctx, t)}\u0000${t.resultHash}`;
}

/**
 * What the repeats cost. When every LLM call that asked for a repeat asked for nothing else, those round trips
 * would not have happened: their direct cost. Otherwise only the repeats' carried cost is defensible.
 */
function loopWaste(ctx: FlagContext, repeats: readonly ToolStep[]): number | null {
  const ids = new Set(repeats.map((r) => r.id));
  const requesters = [...new Set(repeats.map((r) => r.requestedBy))];
  const onlyRepeats = requesters.every((id) => ctx.llmById.get(id)?.toolStepIds.every((t) => ids.has(t)) ?? false);
  return onlyRepeats ? directOf(ctx, requesters) : carriedOf(ctx, [...ids]);
}

/**
 * tool_loop: one agent making the identical call (tool, arguments, result) N or more times in a row, or going round
 * a short cycle of calls (A, B, A, B, A, B) whose results never change — every round after the first made no
 * progress. Waste: the repeated rounds.
 */
export const toolLoop: Detector = (ctx) => {
  const flags: Flag[] = [];
  const byAgent = new Map<string, ToolStep[]>();
  for (const t of ctx.tools) {
    const list = byAgent.get(t.agentId) ?? [];
    list.push(t);
    byAgent.set(t.agentId, list);
  }
  for (const steps of byAgent.values()) {
    const ids = steps.map((t, i) => identity(ctx, t, i));
    const taken = new Array<boolean>(steps.length).fill(false);
    for (let p = 1; p <= THRESHOLDS.loopMaxCycle; p++) {
      let i = p;
      while (i < steps.length) {
        if (ids[i] !== ids[i - p]) {
          i++;
          continue;
        }
        const start = i - p;
        let end = i;
        while (end + 1 < steps.length && ids[end + 1] === ids[end + 1 - p]) end++;
        const length = end - start + 1;
        const cycle = new Set(ids.slice(start, start + p));
        const free = !taken.slice(start, end + 1).some(Boolean);
        if (free && cycle.size === p && length >= p * THRESHOLDS.loopRepeats) {
          const run = steps.slice(start, end + 1);
          for (let k = start; k <= end; k++) taken[k] = true;
          const repeats = run.slice(p);
          const wasted = loopWaste(ctx, repeats);
          const names = run.slice(0, p).map((s) => s.name);
          flags.push({
            kind: 'tool_loop',
            steps: run.map((s) => s.id),
            target: names.join('>'),
            wasted_usd: wasted,
            evidence:
              p === 1
                ? `${names[0]} called ${run.length} times in a row with the same arguments and the same result (${run[0]?.id}..${run[run.length - 1]?.id}); the repeats cost ${usdText(wasted)}`
                : `the cycle ${names.join(' → ')} went round ${Math.floor(run.length / p)} times with unchanged results (${run[0]?.id}..${run[run.length - 1]?.id}); the repeats cost ${usdText(wasted)}`,
          });
        }
        i = end + 1;
      }
    }
  }
  return flags;
};
