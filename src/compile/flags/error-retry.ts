import type { ToolStep } from '../../domain/model.js';
import { THRESHOLDS } from './thresholds.js';
import { failed, patternOf, repeatClaims, sameAction, sameResult, usdText, type Candidate, type Detector, type FlagContext } from './context.js';
import { fileAction, isWriteAction } from './file-actions.js';

/**
 * A failed call the agent ran again unchanged (the same action, nothing written in between) and that failed again
 * the same way: the repeat learned nothing. A corrected call (other arguments), a retry that worked (a transient
 * failure), or a search that found nothing are not waste.
 */
function toolRetries(ctx: FlagContext): Candidate[] {
  const out: Candidate[] = [];
  for (const steps of ctx.toolsByAgent.values()) {
    steps.forEach((t, i) => {
      if (!failed(t)) return;
      let wrote = false;
      for (const r of steps.slice(i + 1, i + 1 + THRESHOLDS.retryWindow)) {
        if (sameAction(t, r)) {
          if (!wrote && failed(r) && sameResult(t, r)) out.push(retryCandidate(ctx, t, r));
          return;
        }
        if (isWriteAction(fileAction(r))) wrote = true;
      }
    });
  }
  return out;
}

function retryCandidate(ctx: FlagContext, t: ToolStep, r: ToolStep): Candidate {
  const said = t.resultPreview ? ` ("${t.resultPreview.slice(0, 80).replace(/\s+/g, ' ')}")` : '';
  return {
    kind: 'error_retry',
    steps: [t.id, r.id],
    target: patternOf(t),
    cause: 'a failed call repeated unchanged, and it failed the same way',
    claims: repeatClaims(ctx, r),
    evidence: (usd) => `${t.id} ${t.name} failed${said}; ${r.id} ran the same thing again with nothing changed in between and failed the same way; the repeat cost ${usdText(usd)}`,
  };
}

/** An LLM request the provider rejected (or a guardrail refused) and that was sent again unchanged. */
function llmRetries(ctx: FlagContext): Candidate[] {
  const out: Candidate[] = [];
  for (const steps of ctx.llmByAgent.values()) {
    steps.forEach((s, i) => {
      if (!s.error && !s.refused) return;
      const retry = steps[i + 1];
      if (!retry || retry.headHash !== s.headHash || retry.messageCount !== s.messageCount) return;
      const why = s.refused ? 'refused by a guardrail' : `rejected by the provider (${`${s.error?.status ?? ''} ${s.error?.message.slice(0, 80) ?? ''}`.trim()})`;
      out.push({
        kind: 'error_retry',
        steps: [s.id, retry.id],
        target: `llm:${s.refused ? 'refused' : (s.error?.status ?? 'error')}`,
        cause: s.refused ? 'a refused request sent again' : 'a rejected request sent again unchanged',
        claims: [{ stepId: s.id, usd: ctx.cost.get(s.id)?.direct ?? null }],
        evidence: (usd) => `${s.id} was ${why} and the same request was sent again at ${retry.id}; the failed attempt billed ${usdText(usd)}`,
      });
    });
  }
  return out;
}

/**
 * error_retry: a failed tool call run again unchanged that failed again the same way, or an LLM request the
 * provider rejected and that was sent again. Waste: the repeat (its round trip and carried result; the rejected
 * call's bill).
 */
export const errorRetry: Detector = (ctx) => [...toolRetries(ctx), ...llmRetries(ctx)];
