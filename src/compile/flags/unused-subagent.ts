import type { Flag } from '../card/schema.js';
import { THRESHOLDS } from './thresholds.js';
import type { Detector } from './context.js';

function words(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[a-z][a-z0-9_-]{3,}/g) ?? []).filter((w) => !STOP.has(w)));
}
const STOP = new Set(['this', 'that', 'with', 'from', 'have', 'were', 'will', 'would', 'there', 'their', 'what', 'when', 'which', 'your', 'about', 'into', 'then', 'than', 'they', 'been', 'also', 'only', 'some', 'such', 'each', 'file', 'files']);

/**
 * unused_subagent: a sub-agent whose answer barely shows up in what its parent did next (its next three turns'
 * text and tool arguments share under 10% of the answer's distinctive words). Waste: the sub-agent's whole cost.
 */
export const unusedSubagent: Detector = (ctx) => {
  const flags: Flag[] = [];
  for (const t of ctx.tools) {
    if (!t.spawnedAgentId || !t.resultPreview || t.resultIn === null || t.isError) continue;
    const answer = words(t.resultPreview);
    if (answer.size < THRESHOLDS.unusedSubagentMinWords) continue;
    const returnedAt = ctx.llmById.get(t.resultIn)?.startedAt ?? 0;
    const next = ctx.llm.filter((s) => s.agentId === t.agentId && !s.auxiliary && s.startedAt >= returnedAt).slice(0, 3);
    if (next.length === 0) continue;
    const nextText = next
      .map((s) => `${ctx.outputs.get(s.id) ?? ''} ${s.toolStepIds.map((id) => ctx.tools.find((x) => x.id === id)?.args ?? '').join(' ')}`)
      .join(' ');
    const used = words(nextText);
    let shared = 0;
    for (const w of answer) if (used.has(w)) shared++;
    const overlap = shared / answer.size;
    if (overlap >= THRESHOLDS.unusedSubagentMaxOverlap) continue;
    const cost = ctx.cost.get(t.id)?.subagent ?? null;
    flags.push({
      kind: 'unused_subagent',
      steps: [t.id],
      target: t.name,
      wasted_usd: cost,
      evidence: `sub-agent ${t.spawnedAgentId} (spawned at ${t.id}) answered, but only ${Math.round(overlap * 100)}% of its answer's words appear in its parent's next ${next.length} turn(s); it cost $${(cost ?? 0).toFixed(4)}`,
    });
  }
  return flags;
};
