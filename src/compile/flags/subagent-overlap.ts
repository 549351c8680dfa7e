import type { ToolStep } from '../../domain/model.js';
import { patternOf, repeatClaims, sameResult, usdText, type Candidate, type Detector, type FlagContext } from './context.js';

/** The files a sub-agent (and its own sub-agents) read or wrote, with the step that did it. */
function filesOf(ctx: FlagContext, agentId: string): { read: Map<string, ToolStep>; wrote: Map<string, ToolStep> } {
  const read = new Map<string, ToolStep>();
  const wrote = new Map<string, ToolStep>();
  const agents = new Set([agentId]);
  for (const a of ctx.structure.agents) if (a.parentAgentId && agents.has(a.parentAgentId)) agents.add(a.id);
  for (const t of ctx.tools) {
    if (!agents.has(t.agentId) || t.isError) continue;
    for (const p of t.action.paths) (t.action.writes === 'yes' ? wrote : t.action.verb === 'read' ? read : new Map<string, ToolStep>()).set(p, t);
  }
  return { read, wrote };
}

/**
 * subagent_overlap: after a sub-agent returned, its parent re-read a file the sub-agent had read (getting the same
 * content, and not editing it afterwards: a read before an edit is required by some agents' edit tools) or wrote a
 * file the sub-agent had just written: the parent redid the sub-agent's work. Waste: the parent's repeat.
 */
export const subagentOverlap: Detector = (ctx) => {
  const out: Candidate[] = [];
  for (const spawn of ctx.tools) {
    if (!spawn.spawnedAgentId || spawn.resultIn === null || spawn.isError) continue;
    const sub = filesOf(ctx, spawn.spawnedAgentId);
    const after = (ctx.toolsByAgent.get(spawn.agentId) ?? []).filter((t) => t.startedAt > spawn.startedAt && !t.isError);
    after.forEach((t, i) => {
      const path = t.action.paths.length === 1 ? t.action.paths[0] : undefined;
      if (path === undefined) return;
      const theirs = t.action.writes === 'yes' ? sub.wrote.get(path) : t.action.verb === 'read' ? sub.read.get(path) : undefined;
      if (!theirs) return;
      const edited = after.slice(i + 1).some((n) => n.action.writes === 'yes' && n.action.paths.includes(path));
      if (t.action.verb === 'read' && (edited || !sameResult(theirs, t))) return;
      const redo = t.action.writes === 'yes' ? 'wrote again' : 're-read';
      out.push({
        kind: 'subagent_overlap',
        steps: [spawn.id, theirs.id, t.id],
        target: patternOf(t),
        cause: `the parent ${redo} a file its sub-agent had just ${t.action.writes === 'yes' ? 'written' : 'read'}`,
        claims: repeatClaims(ctx, t),
        evidence: (usd) => `${t.id} ${redo} ${path}, which sub-agent ${spawn.spawnedAgentId} (spawned at ${spawn.id}) had ${t.action.writes === 'yes' ? 'written' : 'read'} at ${theirs.id}; the repeat cost ${usdText(usd)}`,
      });
    });
  }
  return out;
};
