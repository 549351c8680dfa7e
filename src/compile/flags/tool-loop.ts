import type { ToolStep } from '../../domain/model.js';
import type { Flag } from '../card/schema.js';
import { THRESHOLDS } from './thresholds.js';
import { canonicalArgs, carriedOf, directOf, usdText, type Detector } from './context.js';

/**
 * tool_loop: one agent asking for the identical call (tool, arguments, result) N or more times in a row — each
 * round trip after the first made no progress. Waste: the repeated rounds (their LLM calls and carried results).
 */
export const toolLoop: Detector = (ctx) => {
  const flags: Flag[] = [];
  const byAgent = new Map<string, ToolStep[]>();
  for (const t of ctx.tools) byAgent.set(t.agentId, [...(byAgent.get(t.agentId) ?? []), t]);
  for (const steps of byAgent.values()) {
    let run: ToolStep[] = [];
    const flush = (): void => {
      if (run.length >= THRESHOLDS.loopRepeats) {
        const repeats = run.slice(1);
        const requesters = [...new Set(repeats.map((s) => s.requestedBy))];
        const carried = carriedOf(ctx, repeats.map((s) => s.id));
        const direct = directOf(ctx, requesters);
        const wasted = carried === null || direct === null ? null : carried + direct;
        const first = run[0];
        flags.push({
          kind: 'tool_loop',
          steps: run.map((s) => s.id),
          target: first?.name ?? '?',
          wasted_usd: wasted,
          evidence: `${first?.name} called ${run.length} times in a row with the same arguments and the same result (${run.map((s) => s.id).join(', ')}); the repeats cost ${usdText(wasted)}`,
        });
      }
    };
    for (const s of steps) {
      const prev = run[run.length - 1];
      const same = prev && prev.name === s.name && canonicalArgs(prev.args) === canonicalArgs(s.args) && prev.resultHash !== null && prev.resultHash === s.resultHash;
      if (same) run.push(s);
      else {
        flush();
        run = [s];
      }
    }
    flush();
  }
  return flags;
};
