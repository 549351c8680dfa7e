import type { Flag } from '../card/schema.js';
import { roundTripWaste, usdText, type Detector } from './context.js';
import { fileAction } from './file-actions.js';

/**
 * reread_unchanged: a file read again (same range) with no write to it — and no command that might have written
 * anything — in between. When both results are known they must be identical too.
 */
export const rereadUnchanged: Detector = (ctx) => {
  const flags: Flag[] = [];
  const lastRead = new Map<string, { stepId: string; path: string; hash: string | null }>();
  for (const step of ctx.tools) {
    const a = fileAction(step);
    if (a.kind === 'write_any') lastRead.clear();
    else if (a.kind === 'write') {
      for (const [key, r] of lastRead) if (r.path === a.path) lastRead.delete(key);
    } else if (a.kind === 'read') {
      const prev = lastRead.get(a.key);
      const sameResult = prev && prev.hash !== null && step.resultHash !== null ? prev.hash === step.resultHash : null;
      if (prev && sameResult !== false && !step.isError) {
        const wasted = roundTripWaste(ctx, step);
        flags.push({
          kind: 'reread_unchanged',
          steps: [prev.stepId, step.id],
          target: `${step.name}${step.name.toLowerCase() === 'bash' || step.name.toLowerCase() === 'shell' ? ':read' : ''}`,
          wasted_usd: wasted,
          evidence: `${step.id} reads ${a.path} again, already read at ${prev.stepId} with no write in between${sameResult ? ' (same content)' : ''}; dropping it saves ${usdText(wasted)}`,
        });
      }
      lastRead.set(a.key, { stepId: step.id, path: a.path, hash: step.resultHash });
    }
  }
  return flags;
};
