import type { LlmStep } from '../../domain/model.js';
import { THRESHOLDS } from './thresholds.js';
import { usdText, type Candidate, type Detector, type FlagContext } from './context.js';

const TRIVIAL = new Set(['plan', 'wait', 'list']);

/** What the turn did: only a trivial tool call (a plan update, a wait, a listing), or said it was ready; else null. */
function trivialTurn(ctx: FlagContext, s: LlmStep): string | null {
  const tools = s.toolStepIds.map((id) => ctx.toolById.get(id)).filter((t) => t !== undefined);
  if (tools.length > 0) return tools.every((t) => TRIVIAL.has(t.action.family) || t.action.verb === 'list') ? `only ${tools.map((t) => t.name).join(', ')}` : null;
  const text = ctx.outputs.get(s.id);
  return text !== undefined && text.trim().length > 0 && text.trim().length <= THRESHOLDS.thinkingReadyChars ? 'a short reply' : null;
}

/**
 * thinking_waste: reasoning tokens (the provider's count, or the visible thinking text counted) spent on a turn that
 * only updated a plan, waited, listed a folder, or gave a short reply. Waste: the reasoning beyond a small allowance,
 * at the call's output rate.
 */
export const thinkingWaste: Detector = (ctx) => {
  const out: Candidate[] = [];
  for (const s of ctx.llm) {
    const thinking = s.thinkingTokens ?? 0;
    const u = s.usage;
    if (!u || u.output === 0 || thinking < THRESHOLDS.thinkingMinTokens || s.auxiliary) continue;
    const what = trivialTurn(ctx, s);
    if (!what) continue;
    const usd = ctx.cost.get(s.id)?.call?.usd;
    const excess = Math.min(thinking, u.output) - THRESHOLDS.thinkingAllowedTokens;
    out.push({
      kind: 'thinking_waste',
      steps: [s.id],
      target: s.model ?? 'model',
      cause: `reasoning spent on a turn that did ${what}`,
      claims: [{ stepId: s.id, usd: usd ? (usd.output / u.output) * excess : null }],
      evidence: (v) => `${s.id} reasoned for ${thinking} tokens on a turn that did ${what}; the reasoning beyond ${THRESHOLDS.thinkingAllowedTokens} tokens cost ${usdText(v)}`,
    });
  }
  return out;
};
