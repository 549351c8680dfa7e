import type { ToolStep } from '../../domain/model.js';
import { failed, repeatClaims, sameResult, usdText, type Candidate, type Detector } from './context.js';
import { fileAction, mayBeSameFile } from './file-actions.js';

/**
 * reread_unchanged: an agent reads a file (same range) it already read, with no write to that file — and no command
 * that might have written anything, by any agent — in between, and its history not compacted since (a reread after
 * compaction fetches what the model no longer has). Both results must be known and the same. Waste: the reread's
 * round trip and re-sent content.
 */
export const rereadUnchanged: Detector = (ctx) => {
  const out: Candidate[] = [];
  const reads = new Map<string, Map<string, { step: ToolStep; path: string }>>();
  const lastShape = new Map<string, { history: string | null; messages: number }>();
  const readsOf = (agent: string): Map<string, { step: ToolStep; path: string }> => {
    const m = reads.get(agent) ?? new Map<string, { step: ToolStep; path: string }>();
    reads.set(agent, m);
    return m;
  };
  for (const step of ctx.structure.steps) {
    if (step.kind === 'llm') {
      if (step.auxiliary) continue;
      const prev = lastShape.get(step.agentId);
      if (prev && (prev.history !== step.historyHash || step.messageCount < prev.messages)) reads.delete(step.agentId);
      lastShape.set(step.agentId, { history: step.historyHash, messages: step.messageCount });
      continue;
    }
    const a = fileAction(step);
    if (a.kind === 'write_any') reads.clear();
    else if (a.kind === 'write') {
      for (const agentReads of reads.values()) {
        for (const [key, r] of agentReads) if (a.paths.some((p) => mayBeSameFile(r.path, p))) agentReads.delete(key);
      }
    } else if (a.kind === 'read') {
      if (failed(step) || step.resultIn === null) continue;
      const mine = readsOf(step.agentId);
      const prev = mine.get(a.key);
      if (prev && sameResult(prev.step, step)) {
        out.push({
          kind: 'reread_unchanged',
          steps: [prev.step.id, step.id],
          target: 'read',
          cause: 'a file read again unchanged while its content was still in the conversation',
          claims: repeatClaims(ctx, step),
          evidence: (usd) => `${step.id} reads ${a.path} again, already read at ${prev.step.id} with no write in between and the same content; its round trip and re-sent content cost ${usdText(usd)}`,
        });
      }
      mine.set(a.key, { step, path: a.path });
    }
  }
  return out;
};
