import type { StepCost } from '../../domain/cost.js';
import type { SessionStructure } from '../../domain/model.js';
import type { Session } from '../../domain/session.js';
import type { PriceTable } from '../pricing/rates.js';
import { makeFlagContext } from '../flags/context.js';
import { detectFlags } from '../flags/index.js';
import { maskSecrets } from './mask-secrets.js';
import { paperBlock } from './paper-block.js';
import { usd6 } from './round.js';
import { TRACECARD_VERSION, type TraceCard } from './schema.js';
import { cardStep } from './step-lines.js';
import { topCostSteps } from './top-steps.js';
import { computeTotals } from './totals.js';

export interface CardInput {
  session: Session;
  structure: SessionStructure;
  costs: readonly StepCost[];
  /** visible output text of each LLM step, when known (the sub-agent usage check needs it) */
  outputs?: Map<string, string>;
  /** prices, for flags that weigh another model (model_overkill); absent: they stay silent */
  table?: PriceTable;
}

function sessionBlock(session: Session, wallMs: number | null): TraceCard['session'] {
  const evidence = session.outcome.evidence;
  return {
    id: session.id,
    label: session.label,
    tags: Object.fromEntries(Object.entries(session.tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    source: session.source,
    agent: { name: session.agentName, version: session.agentVersion },
    command: session.command.length ? maskSecrets(session.command.join(' ')) : null,
    cwd: session.cwd,
    git: { commit: session.gitCommit, branch: session.gitBranch, dirty: session.gitDirty },
    started: new Date(session.startedAt).toISOString(),
    duration_s: wallMs === null ? null : Math.round(wallMs / 100) / 10,
    exit_code: session.exitCode,
    stopped_reason: session.stoppedReason,
    outcome: { status: session.outcome.status, source: session.outcome.source, evidence: evidence === null ? null : maskSecrets(evidence) },
  };
}

/**
 * Compiles one session into its TraceCard: deterministic for the same input (steps in session order, flags in
 * detector order, tags sorted, money rounded to 6 decimals), secrets masked in every free-text field.
 */
export function buildCard(input: CardInput): TraceCard {
  const { session, structure, costs } = input;
  const wallMs = session.endedAt === null ? null : Math.max(0, session.endedAt - session.startedAt);
  const ctx = makeFlagContext(structure, costs, input.outputs ?? new Map(), input.table ?? null);
  const totals = computeTotals(structure, costs, wallMs);
  const flags = detectFlags(ctx).map((f) => ({
    ...f,
    wasted_usd: f.wasted_usd === null ? null : usd6(f.wasted_usd),
    evidence: maskSecrets(f.evidence),
  }));
  return {
    tracecard: TRACECARD_VERSION,
    session: sessionBlock(session, wallMs),
    totals,
    steps: structure.steps.map((s) => cardStep(s, ctx.cost.get(s.id))),
    top_cost_steps: topCostSteps(ctx),
    flags,
    paper: paperBlock(session.label ?? session.id, ctx, totals),
  };
}
