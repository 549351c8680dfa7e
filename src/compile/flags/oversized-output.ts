import type { ToolStep } from '../../domain/model.js';
import { THRESHOLDS } from './thresholds.js';
import { patternOf, usdText, type Candidate, type Detector } from './context.js';

/** Why a result was larger than any use of it could be, when its shape says so; null when it may all have been needed. */
function oversizeCause(t: ToolStep): string | null {
  const shape = t.resultShape;
  const tokens = t.resultTokens ?? 0;
  if (!shape || tokens < THRESHOLDS.oversizedMinTokens) return null;
  if (shape.binary) return 'a binary file read as text';
  const looking = t.action.verb === 'list' || t.action.verb === 'search';
  if (looking && shape.lines > 0 && shape.depLines / shape.lines >= THRESHOLDS.oversizedDepShare) {
    return 'a recursive listing or search that went through dependency folders (node_modules, .venv, vendor, ...)';
  }
  if (looking && tokens >= THRESHOLDS.oversizedListingTokens) return `a listing or search that returned ${shape.lines} lines`;
  return null;
}

/**
 * oversized_output: a tool result far larger than any later use of it — a recursive listing or search through
 * dependency folders, a binary file read as text, a listing of tens of thousands of tokens — carried by every later
 * call of the conversation. Waste: the carried cost beyond what a useful result of that call would have kept.
 */
export const oversizedOutput: Detector = (ctx) => {
  const out: Candidate[] = [];
  for (const t of ctx.tools) {
    const cause = oversizeCause(t);
    const carried = ctx.cost.get(t.id)?.carried;
    if (!cause || carried === undefined || t.resultTokens === null) continue;
    const share = Math.max(0, 1 - THRESHOLDS.oversizedKeepTokens / t.resultTokens);
    out.push({
      kind: 'oversized_output',
      steps: [t.id],
      target: patternOf(t),
      cause,
      claims: [{ stepId: t.id, usd: carried === null ? null : carried * share }],
      evidence: (usd) => `${t.id} ${t.name} returned ${t.resultTokens} tokens (${cause}), re-sent by every later call until compaction; all but the first ${THRESHOLDS.oversizedKeepTokens} tokens cost ${usdText(usd)}`,
    });
  }
  return out;
};
