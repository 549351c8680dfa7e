import type { StepCost } from '../domain/cost.js';
import type { SessionStructure } from '../domain/model.js';
import type { Session } from '../domain/session.js';
import type { Db } from '../store/db.js';
import { listCalls } from '../store/calls-repo.js';
import { getSession } from '../store/sessions-repo.js';
import { buildCard } from './card/build-card.js';
import type { TraceCard } from './card/schema.js';
import { computeStepCosts } from './cost/step-costs.js';
import type { PriceTable } from './pricing/rates.js';
import { reparseSession, sessionNeedsReparse } from './reparse.js';
import { buildStructure } from './structure/index.js';

export interface CompiledSession {
  session: Session;
  structure: SessionStructure;
  costs: StepCost[];
  card: TraceCard;
}

/**
 * Stored calls → structure → costs → card, for one session. Calls parsed by an older parser are re-parsed from
 * their raw exchanges first, so a parser fix shows up without re-recording.
 */
export function compileSession(db: Db, sessionId: string, table: PriceTable): CompiledSession {
  const session = getSession(db, sessionId);
  if (!session) throw new Error(`no session ${sessionId}`);
  if (sessionNeedsReparse(db, sessionId)) reparseSession(db, sessionId);
  const calls = listCalls(db, sessionId);
  const structure = buildStructure(calls);
  const costs = computeStepCosts(structure, table);
  const byCall = new Map(calls.map((c) => [c.id, c.call.outputText]));
  const outputs = new Map<string, string>();
  for (const s of structure.steps) if (s.kind === 'llm') outputs.set(s.id, byCall.get(s.callId) ?? '');
  return { session, structure, costs, card: buildCard({ session, structure, costs, outputs, table }) };
}
