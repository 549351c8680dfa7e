import type { Flag } from '../card/schema.js';
import type { Candidate, Detector, FlagContext } from './context.js';
import { cacheExpiry } from './cache-expiry.js';
import { cacheMiss } from './cache-miss.js';
import { duplicateToolCall } from './duplicate-tool-call.js';
import { errorRetry } from './error-retry.js';
import { modelOverkill } from './model-overkill.js';
import { oversizedOutput } from './oversized-output.js';
import { rereadUnchanged } from './reread-unchanged.js';
import { subagentOverlap } from './subagent-overlap.js';
import { thinkingWaste } from './thinking-waste.js';
import { toolLoop } from './tool-loop.js';
import { THRESHOLDS } from './thresholds.js';

/** Detectors in priority order: a dollar an earlier one claimed is not claimed again by a later one. */
export const DETECTORS: readonly [Flag['kind'], Detector][] = [
  ['tool_loop', toolLoop],
  ['error_retry', errorRetry],
  ['reread_unchanged', rereadUnchanged],
  ['duplicate_tool_call', duplicateToolCall],
  ['subagent_overlap', subagentOverlap],
  ['oversized_output', oversizedOutput],
  ['cache_expiry', cacheExpiry],
  ['cache_miss', cacheMiss],
  ['thinking_waste', thinkingWaste],
  ['model_overkill', modelOverkill],
];

/**
 * What each step can give up to flags: an LLM call its bill, a tool call the cost of carrying its result plus the
 * sub-agent it spawned. null: unpriced.
 */
function budgetOf(ctx: FlagContext, stepId: string): number | null {
  const c = ctx.cost.get(stepId);
  if (!c) return 0;
  if (ctx.llmById.has(stepId)) return c.direct;
  if (c.carried === null) return null;
  const sub = ctx.toolById.get(stepId)?.spawnedAgentId ? c.subagent : 0;
  return sub === null ? null : c.carried + sub;
}

/**
 * Settles the detectors' claims: each flag gets what its cited steps still have to give (so no flag claims more than
 * they cost, and no dollar is claimed twice); a flag left with (almost) nothing is dropped, and one whose steps an
 * earlier flag took whole is dropped when its own dollars are unknown.
 */
export function settle(ctx: FlagContext, candidates: readonly Candidate[]): Flag[] {
  const left = new Map<string, number | null>();
  const taken = new Set<string>();
  const out: Flag[] = [];
  for (const c of candidates) {
    let usd: number | null = 0;
    const fresh = c.claims.some((cl) => !taken.has(cl.stepId));
    for (const cl of c.claims) {
      if (!left.has(cl.stepId)) left.set(cl.stepId, budgetOf(ctx, cl.stepId));
      const budget = left.get(cl.stepId) ?? null;
      if (cl.usd === null || budget === null || usd === null) {
        usd = null;
        continue;
      }
      const got = Math.max(0, Math.min(cl.usd, budget));
      left.set(cl.stepId, budget - got);
      usd += got;
    }
    if (usd === null ? !fresh : usd < THRESHOLDS.minWastedUsd) continue;
    for (const cl of c.claims) taken.add(cl.stepId);
    out.push({ kind: c.kind, steps: c.steps, target: c.target, cause: c.cause, wasted_usd: usd, evidence: c.evidence(usd) });
  }
  return out;
}

export function detectFlags(ctx: FlagContext): Flag[] {
  return settle(ctx, DETECTORS.flatMap(([, detect]) => detect(ctx)));
}
