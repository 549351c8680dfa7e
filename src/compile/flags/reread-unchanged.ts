import type { Flag } from '../card/schema.js';
import { repeatWaste, usdText, type Detector } from './context.js';
import { fileAction, mayBeSameFile, shellCommand } from './file-actions.js';

interface Read {
  stepId: string;
  path: string;
  hash: string | null;
}

/**
 * reread_unchanged: an agent reads a file (same range) that it already read, with no write to that file — and no
 * command that might have written anything, by any agent — in between, and its history not compacted since (a
 * reread after compaction fetches what the model no longer has). When both results are known they must be
 * identical. Waste: the reread's carried cost, plus its round trip when it was all its turn asked for.
 */
export const rereadUnchanged: Detector = (ctx) => {
  const flags: Flag[] = [];
  const reads = new Map<string, Map<string, Read>>();
  const lastShape = new Map<string, { head: string | null; messages: number }>();
  const readsOf = (agent: string): Map<string, Read> => {
    const m = reads.get(agent) ?? new Map<string, Read>();
    reads.set(agent, m);
    return m;
  };
  for (const step of ctx.structure.steps) {
    if (step.kind === 'llm') {
      if (step.auxiliary) continue;
      const prev = lastShape.get(step.agentId);
      if (prev && (prev.head !== step.historyHash || step.messageCount < prev.messages)) reads.delete(step.agentId);
      lastShape.set(step.agentId, { head: step.historyHash, messages: step.messageCount });
      continue;
    }
    const a = fileAction(step);
    if (a.kind === 'write_any') reads.clear();
    else if (a.kind === 'write') {
      for (const agentReads of reads.values()) {
        for (const [key, r] of agentReads) if (a.paths.some((p) => mayBeSameFile(r.path, p))) agentReads.delete(key);
      }
    } else if (a.kind === 'read') {
      if (step.isError || step.resultIn === null) continue;
      const mine = readsOf(step.agentId);
      const prev = mine.get(a.key);
      const sameResult = prev && prev.hash !== null && step.resultHash !== null ? prev.hash === step.resultHash : null;
      if (prev && sameResult !== false) {
        const waste = repeatWaste(ctx, step);
        flags.push({
          kind: 'reread_unchanged',
          steps: [prev.stepId, step.id],
          target: shellCommand(step) === null ? step.name : `${step.name}:read`,
          wasted_usd: waste.usd,
          evidence: `${step.id} reads ${a.path} again, already read at ${prev.stepId} with no write in between${sameResult ? ' (same content)' : ''}; ${waste.roundTrip ? 'its round trip and re-sent content' : 'its re-sent content'} cost ${usdText(waste.usd)}`,
        });
      }
      mine.set(a.key, { stepId: step.id, path: a.path, hash: step.resultHash });
    }
  }
  return flags;
};
