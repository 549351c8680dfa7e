import type { TraceCard } from '../../compile/card/schema.js';
import { computeTotals } from '../../compile/card/totals.js';
import type { StepCost } from '../../domain/cost.js';
import type { LlmCallRecord } from '../../domain/llm-call.js';
import type { LlmStep, SessionStructure } from '../../domain/model.js';
import type { Session } from '../../domain/session.js';
import type { SessionSummary } from '../../store/summaries-repo.js';
import { promptText } from '../prompt-text.js';

const PROMPT_CHARS = 200;

export interface SummaryInput {
  session: Session;
  structure: SessionStructure;
  costs: readonly StepCost[];
  calls: readonly LlmCallRecord[];
  project: string | null;
  /** the compiled card, when the flags were wanted */
  card: TraceCard | null;
}

/** The main agent's own calls (side calls left out), in order. */
function mainCalls(structure: SessionStructure): LlmStep[] {
  return structure.steps.filter((s): s is LlmStep => s.kind === 'llm' && s.agentId === 'main' && s.auxiliary === null);
}

/** The first thing the user asked: the first user text of the main agent that is more than harness tags. */
export function firstPrompt(structure: SessionStructure, calls: readonly LlmCallRecord[]): string | null {
  const byId = new Map(calls.map((c) => [c.id, c.call.request]));
  for (const s of mainCalls(structure)) {
    const r = byId.get(s.callId);
    const text = promptText(r?.firstUserText) ?? promptText(r?.lastUserText);
    if (text) return text.length > PROMPT_CHARS ? `${text.slice(0, PROMPT_CHARS - 1)}…` : text;
  }
  return null;
}

/** The model that made most of the main agent's calls (the costliest model when the main agent made none). */
function mainModel(structure: SessionStructure, byCost: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const s of mainCalls(structure)) if (s.model) counts.set(s.model, (counts.get(s.model) ?? 0) + 1);
  let best: string | null = null;
  for (const [m, n] of counts) if (best === null || n > (counts.get(best) ?? 0)) best = m;
  return best ?? byCost[0] ?? null;
}

/** A session's summary, computed the way its card computes totals (so a list and a card never disagree). */
export function summarizeSession(input: SummaryInput): SessionSummary {
  const { session, structure, costs, card } = input;
  const wallMs = session.endedAt === null ? null : Math.max(0, session.endedAt - session.startedAt);
  const totals = card?.totals ?? computeTotals(structure, costs, wallMs);
  const models = totals.by_model.map((m) => m.model);
  let flags: SessionSummary['flags'] = null;
  if (card) {
    let wasted = 0;
    let unpriced = 0;
    for (const f of card.flags) {
      if (f.wasted_usd === null) unpriced++;
      else wasted += f.wasted_usd;
    }
    flags = { count: card.flags.length, wastedUsd: wasted, unpriced };
  }
  return {
    sessionId: session.id,
    project: input.project,
    firstPrompt: firstPrompt(structure, input.calls),
    mainModel: mainModel(structure, models),
    models,
    llmCalls: totals.llm_calls,
    toolUses: totals.tool_uses,
    subAgents: totals.sub_agents,
    // the priced part (0 when nothing could be priced: the unpriced count says so, and the list prints "unpriced")
    costUsd: totals.cost.total_usd ?? 0,
    unpricedCalls: totals.cost.unpriced_calls,
    estimatedCalls: totals.cost.estimated_calls,
    tokens: { ...totals.tokens },
    flags,
  };
}
