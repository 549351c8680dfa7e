import type { Flag } from '../card/schema.js';
import { THRESHOLDS } from './thresholds.js';
import { argsOf, carriedOf, similarAtLeast, usdText, type Detector, type FlagContext } from './context.js';
import { fileAction, isWriteAction } from './file-actions.js';

/** writesBefore[i] = how many tool calls before ctx.tools[i] wrote (or may have written) files. */
function writePrefix(ctx: FlagContext): number[] {
  const out = [0];
  for (const t of ctx.tools) out.push((out[out.length - 1] ?? 0) + (isWriteAction(fileAction(t)) ? 1 : 0));
  return out;
}

function toolRetries(ctx: FlagContext): Flag[] {
  const flags: Flag[] = [];
  const writes = writePrefix(ctx);
  const index = new Map(ctx.tools.map((t, i) => [t.id, i]));
  // the agent's next few tool calls after each call, by index into ctx.tools
  const nextOf = new Map<number, number[]>();
  const lists = new Map<string, number[]>();
  ctx.tools.forEach((t, i) => {
    const list = lists.get(t.agentId) ?? [];
    for (const j of list.slice(-THRESHOLDS.retryWindow)) nextOf.set(j, [...(nextOf.get(j) ?? []), i]);
    list.push(i);
    lists.set(t.agentId, list);
  });
  for (const t of ctx.tools) {
    if (!t.isError) continue;
    const i = index.get(t.id) ?? 0;
    const retry = (nextOf.get(i) ?? [])
      .map((j) => ctx.tools[j])
      .find((n) => n !== undefined && n.name === t.name && similarAtLeast(argsOf(ctx, n), argsOf(ctx, t), THRESHOLDS.retrySimilarity));
    if (!retry) continue;
    const j = index.get(retry.id) ?? i;
    // a file written between the failure and the retry means the agent fixed something and checked again
    if ((writes[j] ?? 0) - (writes[i + 1] ?? 0) > 0) continue;
    const wasted = carriedOf(ctx, [t.id]);
    const said = t.resultPreview ? ` ("${t.resultPreview.slice(0, 80).replace(/\s+/g, ' ')}")` : '';
    flags.push({
      kind: 'error_retry',
      steps: [t.id, retry.id],
      target: t.name,
      wasted_usd: wasted,
      evidence: `${t.id} ${t.name} failed${said} and was retried at ${retry.id}${retry.isError ? ' (failed again)' : ''} with nothing written in between; the failed result cost ${usdText(wasted)} to carry`,
    });
  }
  return flags;
}

function llmRetries(ctx: FlagContext): Flag[] {
  const flags: Flag[] = [];
  for (const steps of ctx.llmByAgent.values()) {
    steps.forEach((s, i) => {
      if (!s.error && !s.refused) return;
      const retry = steps[i + 1];
      // a retry re-sends the same request: same conversation, same number of messages
      if (!retry || retry.headHash !== s.headHash || retry.messageCount !== s.messageCount) return;
      const wasted = ctx.cost.get(s.id)?.direct ?? null;
      const why = s.refused ? 'refused by a guardrail' : `rejected by the provider (${`${s.error?.status ?? ''} ${s.error?.message.slice(0, 80) ?? ''}`.trim()})`;
      flags.push({
        kind: 'error_retry',
        steps: [s.id, retry.id],
        target: `llm:${s.refused ? 'refused' : (s.error?.status ?? 'error')}`,
        wasted_usd: wasted,
        evidence: `${s.id} was ${why} and the same request was sent again at ${retry.id}; the failed attempt billed ${usdText(wasted)}`,
      });
    });
  }
  return flags;
}

/**
 * error_retry: a tool call that failed and was retried (the same tool with similar arguments within the agent's
 * next few calls, nothing written in between), or an LLM request the provider rejected (or a guardrail refused)
 * and that was sent again. Waste: the failed attempt (the failed tool result's carried cost; the rejected call's
 * bill).
 */
export const errorRetry: Detector = (ctx) => [...toolRetries(ctx), ...llmRetries(ctx)];
