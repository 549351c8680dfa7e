import type { ToolStep } from '../../domain/model.js';
import { THRESHOLDS } from './thresholds.js';
import { failed, foundNothing, patternOf, repeatClaims, sameAction, sameResult, usdText, type Candidate, type Detector } from './context.js';
import { fileAction, isWriteAction } from './file-actions.js';

/**
 * Calls whose repeat with an unchanged result can only be waste: they look, they do not act — searches, listings,
 * status commands, and test or build runs (which check the code and change none of it).
 */
function looksOnly(t: ToolStep): boolean {
  const a = t.action;
  if (a.writes !== 'no' || a.family === 'plan' || a.family === 'wait' || a.family === 'spawn') return false;
  // file reads are reread_unchanged's
  return a.verb === 'search' || a.verb === 'list' || a.verb === 'run' || (a.verb === 'read' && a.paths.length === 0);
}

/**
 * duplicate_tool_call: an agent repeats a search, a listing, a status command or a test / build run (the same action:
 * the same pattern and folder, the same command) and gets the same result, with nothing written by anyone in between
 * (a run after a change is verification). Writes, other commands, plan updates and file reads never count.
 * Waste: the repeat's round trip and re-sent result.
 */
export const duplicateToolCall: Detector = (ctx) => {
  const out: Candidate[] = [];
  const seen = new Map<string, { step: ToolStep; epoch: number }[]>();
  const used = new Set<string>();
  let epoch = 0;
  for (const step of ctx.tools) {
    if (isWriteAction(fileAction(step))) epoch++;
    if (!looksOnly(step) || failed(step) || step.resultIn === null) continue;
    const earlier = seen.get(step.agentId) ?? [];
    let match: ToolStep | undefined;
    for (let i = earlier.length - 1; i >= Math.max(0, earlier.length - THRESHOLDS.duplicateWindow) && !match; i--) {
      const e = earlier[i];
      if (e && e.epoch === epoch && !used.has(e.step.id) && sameAction(e.step, step) && sameResult(e.step, step)) match = e.step;
    }
    if (match) {
      used.add(step.id);
      const first = match;
      out.push({
        kind: 'duplicate_tool_call',
        steps: [first.id, step.id],
        target: patternOf(step),
        cause: foundNothing(step)
          ? 'a search that found nothing, repeated unchanged'
          : `the same ${step.action.verb === 'search' ? 'search' : step.action.verb === 'list' ? 'listing' : step.action.verb === 'run' ? 'check' : 'look-up'} repeated with nothing changed in between`,
        claims: repeatClaims(ctx, step),
        evidence: (usd) => `${step.id} ${step.name} repeats ${first.id} (${step.action.target.slice(0, 80)}) and got the same result, nothing written in between; its round trip and re-sent result cost ${usdText(usd)}`,
      });
    }
    earlier.push({ step, epoch });
    seen.set(step.agentId, earlier);
  }
  return out;
};
