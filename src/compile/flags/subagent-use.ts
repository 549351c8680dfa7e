import type { ToolStep } from '../../domain/model.js';
import type { FlagContext } from './context.js';
import { THRESHOLDS } from './thresholds.js';
import { distinctWords, overlapShare } from './word-overlap.js';

/** How much of a sub-agent's answer shows up in what its parent did after receiving it. */
export interface SubagentUse {
  agentId: string;
  /** the sub-agent's last LLM step (its answer) */
  answerStep: string;
  answerWords: number;
  /** the parent's turns read (their visible text and the arguments of the tools they called) */
  turns: number;
  overlap: number;
}

/**
 * Measures the use of the sub-agent a tool step spawned, over the parent's next `maxTurns` turns. null when it
 * cannot be judged: no answer came back, the sub-agent's last output or the parent's outputs are not known, or the
 * answer has too few distinctive words to compare.
 */
export function subagentUse(ctx: FlagContext, t: ToolStep, maxTurns: number): SubagentUse | null {
  if (!t.spawnedAgentId || t.resultIn === null || t.isError || (t.resultPreview === null && t.resultHash === null)) return null;
  const own = ctx.llmByAgent.get(t.spawnedAgentId) ?? [];
  const last = own[own.length - 1];
  const answerText = last ? ctx.outputs.get(last.id) : undefined;
  if (!last || answerText === undefined) return null;
  const answer = distinctWords(answerText);
  if (answer.size < THRESHOLDS.unusedSubagentMinWords) return null;
  const parent = ctx.llmByAgent.get(t.agentId) ?? [];
  const from = parent.findIndex((s) => s.id === t.resultIn);
  if (from < 0) return null;
  const next = parent.slice(from, from + maxTurns);
  const texts: string[] = [];
  for (const s of next) {
    const out = ctx.outputs.get(s.id);
    if (out === undefined) return null;
    texts.push(out, ...s.toolStepIds.map((id) => ctx.toolById.get(id)?.args ?? ''));
  }
  const used = distinctWords(texts.join(' '));
  return { agentId: t.spawnedAgentId, answerStep: last.id, answerWords: answer.size, turns: next.length, overlap: overlapShare(answer, used) };
}
