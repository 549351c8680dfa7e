import type { StepCost } from '../domain/cost.js';
import type { SessionStructure } from '../domain/model.js';
import type { Session } from '../domain/session.js';
import type { UsageFact } from '../domain/usage-report.js';

/**
 * One usage fact per LLM call of a compiled session: what reports aggregate, locally and in the team store.
 * The cost is the step's direct cost as the card prices it, so a report's sum equals the cards' totals.
 */
export function usageFacts(
  session: Session,
  structure: SessionStructure,
  costs: readonly StepCost[],
  project: string | null,
): UsageFact[] {
  const cost = new Map(costs.map((c) => [c.stepId, c]));
  const facts: UsageFact[] = [];
  for (const s of structure.steps) {
    if (s.kind !== 'llm') continue;
    const u = s.usage;
    facts.push({
      sessionId: session.id,
      callId: s.callId,
      startedAt: s.startedAt,
      project,
      agentName: session.agentName,
      agentId: s.agentId,
      provider: s.provider,
      model: s.model,
      auxiliary: s.auxiliary !== null,
      costUsd: cost.get(s.id)?.direct ?? null,
      estimated: u?.estimated ?? false,
      inputUncached: u?.inputUncached ?? 0,
      cacheRead: u?.cacheRead ?? 0,
      cacheWrite: (u?.cacheWrite5m ?? 0) + (u?.cacheWrite1h ?? 0),
      output: u?.output ?? 0,
      reasoning: u?.reasoning ?? 0,
    });
  }
  return facts;
}
