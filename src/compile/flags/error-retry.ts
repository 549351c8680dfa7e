import type { Flag } from '../card/schema.js';
import { carriedOf, similarity, canonicalArgs, usdText, type Detector } from './context.js';

/**
 * error_retry: a tool call that failed and was retried (the same tool again within the agent's next three tool
 * calls), or an LLM call the provider rejected (4xx/5xx) and that the agent sent again. Waste: the failed attempt.
 */
export const errorRetry: Detector = (ctx) => {
  const flags: Flag[] = [];
  ctx.tools.forEach((t, i) => {
    if (!t.isError) return;
    const retry = ctx.tools.slice(i + 1).filter((n) => n.agentId === t.agentId).slice(0, 3).find((n) => n.name === t.name && similarity(canonicalArgs(n.args), canonicalArgs(t.args)) >= 0.5);
    if (!retry) return;
    const wasted = carriedOf(ctx, [t.id]);
    flags.push({
      kind: 'error_retry',
      steps: [t.id, retry.id],
      target: t.name,
      wasted_usd: wasted,
      evidence: `${t.id} ${t.name} failed${t.resultPreview ? ` ("${t.resultPreview.slice(0, 80).replace(/\s+/g, ' ')}")` : ''} and was retried at ${retry.id}${retry.isError ? ' (failed again)' : ''}; the failed result carried ${usdText(wasted)}`,
    });
  });
  ctx.llm.forEach((s, i) => {
    if (!s.error || s.refused || s.auxiliary) return;
    const retry = ctx.llm.slice(i + 1).find((n) => n.agentId === s.agentId && !n.auxiliary);
    if (!retry) return;
    const wasted = ctx.cost.get(s.id)?.direct ?? null;
    flags.push({
      kind: 'error_retry',
      steps: [s.id, retry.id],
      target: `llm:${s.error.status ?? 'error'}`,
      wasted_usd: wasted,
      evidence: `${s.id} was rejected by the provider (${s.error.status ?? ''} ${s.error.message.slice(0, 80)}) and retried at ${retry.id}; billed ${usdText(wasted)}`,
    });
  });
  return flags;
};
