import { buildCard } from '../../compile/card/build-card.js';
import type { TraceCard } from '../../compile/card/schema.js';
import { computeStepCosts } from '../../compile/cost/step-costs.js';
import type { PriceTable } from '../../compile/pricing/rates.js';
import { buildStructure } from '../../compile/structure/index.js';
import { usageFacts } from '../../compile/usage-facts.js';
import type { UsageFact } from '../../domain/usage-report.js';
import type { Db } from '../../store/db.js';
import { listCalls } from '../../store/calls-repo.js';
import { getSession } from '../../store/sessions-repo.js';
import type { SessionSummary } from '../../store/summaries-repo.js';
import { projectOf } from './projects.js';
import { summarizeSession } from './summarize.js';

export interface CompiledSummary {
  summary: SessionSummary;
  facts: UsageFact[];
}

/**
 * A session's summary and usage facts from its stored calls, compiled as compileSession compiles a card (structure,
 * costs; the card itself only when the flags are wanted). Reads only: calls from an older wire parser must have been
 * re-parsed before. null when the session is gone.
 */
export function compileSummary(db: Db, id: string, table: PriceTable, withFlags: boolean): CompiledSummary | null {
  const session = getSession(db, id);
  if (!session) return null;
  const calls = listCalls(db, id);
  const structure = buildStructure(calls);
  const costs = computeStepCosts(structure, table);
  let card: TraceCard | null = null;
  if (withFlags) {
    const byCall = new Map(calls.map((c) => [c.id, c.call.outputText]));
    const outputs = new Map<string, string>();
    for (const s of structure.steps) if (s.kind === 'llm') outputs.set(s.id, byCall.get(s.callId) ?? '');
    card = buildCard({ session, structure, costs, outputs });
  }
  const project = projectOf(session.cwd);
  return { summary: summarizeSession({ session, structure, costs, calls, project, card }), facts: usageFacts(session, structure, costs, project) };
}
