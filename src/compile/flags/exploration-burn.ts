import type { Flag } from '../card/schema.js';
import { THRESHOLDS } from './thresholds.js';
import type { Detector } from './context.js';
import { fileAction, shellCommand } from './file-actions.js';
import type { ToolStep } from '../../domain/model.js';

function definiteWrite(t: ToolStep): boolean {
  const a = fileAction(t);
  if (a.kind === 'write') return true;
  const cmd = shellCommand(t);
  return cmd !== null && /\bsed\s+-i|(^|[^2&])>{1,2}\s*[\w./]|\btee\s|\bapply_patch\b|\bpatch\s+-/.test(cmd);
}

/**
 * exploration_burn: most of the session's cost spent before its first write or edit. One flag per session, only
 * when the session does write. Waste: the part of that cost above the threshold share (what a more direct start
 * could plausibly have saved).
 */
export const explorationBurn: Detector = (ctx) => {
  const firstWrite = ctx.tools.find(definiteWrite);
  if (!firstWrite) return [];
  const writeAt = firstWrite.startedAt;
  let before = 0;
  let total = 0;
  for (const s of ctx.llm) {
    const d = ctx.cost.get(s.id)?.direct;
    if (d === null || d === undefined) return [];
    total += d;
    if (s.startedAt < writeAt) before += d;
  }
  if (total === 0 || before < THRESHOLDS.explorationBurnMinUsd || before / total < THRESHOLDS.explorationBurnShare) return [];
  const flag: Flag = {
    kind: 'exploration_burn',
    steps: [firstWrite.id],
    target: 'session',
    wasted_usd: before - THRESHOLDS.explorationBurnShare * total,
    evidence: `${Math.round((before / total) * 100)}% of the session's cost ($${before.toFixed(4)} of $${total.toFixed(4)}) was spent before the first write at ${firstWrite.id}`,
  };
  return [flag];
};
