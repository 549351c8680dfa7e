import type { StepCost } from '../../domain/cost.js';
import type { SessionStructure, Step } from '../../domain/model.js';
import type { Session } from '../../domain/session.js';
import { totalInput } from '../../domain/usage.js';
import { makeFlagContext } from '../flags/context.js';
import { detectFlags } from '../flags/index.js';
import { maskSecrets } from './mask-secrets.js';
import { paperBlock } from './paper-block.js';
import { usd6 } from './round.js';
import { TRACECARD_VERSION, type TraceCard } from './schema.js';
import { argSummary, cardStep } from './step-lines.js';
import { computeTotals } from './totals.js';

export interface CardInput {
  session: Session;
  structure: SessionStructure;
  costs: readonly StepCost[];
  /** visible output text of each LLM step (for the sub-agent usage check) */
  outputs?: Map<string, string>;
}

function stepCost(s: Step, c: StepCost | undefined): number {
  if (s.kind === 'llm') return c?.direct ?? 0;
  return (c?.carried ?? 0) + (c?.subagent ?? 0);
}

function reason(s: Step, c: StepCost | undefined): string {
  if (s.kind === 'tool') {
    if (s.spawnedAgentId) return `spawned sub-agent ${s.spawnedAgentId}, whose calls cost $${(c?.subagent ?? 0).toFixed(4)}`;
    return `${s.name} result of ${s.resultTokens ?? 0} tokens re-sent in later calls ($${(c?.carried ?? 0).toFixed(4)} carried)`;
  }
  const u = s.usage;
  if (!u) return 'call without usage';
  const input = totalInput(u);
  const cached = input > 0 ? Math.round((u.cacheRead / input) * 100) : 0;
  if (u.reasoning > u.output / 2) return `${u.reasoning} reasoning tokens of ${u.output} output`;
  if (cached < 20 && input > 4000) return `re-sends ${input} tokens of history, ${cached}% from cache`;
  return `${input}-token prompt (${cached}% from cache), ${u.output} output tokens`;
}

/**
 * Compiles one session into its TraceCard: deterministic for the same stored data (steps in order, flags in
 * detector order, money rounded), secrets masked in every free-text field.
 */
export function buildCard(input: CardInput): TraceCard {
  const { session, structure, costs } = input;
  const cost = new Map(costs.map((c) => [c.stepId, c]));
  const wallMs = session.endedAt === null ? null : session.endedAt - session.startedAt;
  const totals = computeTotals(structure, costs, wallMs);
  const flags = detectFlags(makeFlagContext(structure, costs, input.outputs ?? new Map())).map((f) => ({
    ...f,
    wasted_usd: f.wasted_usd === null ? null : usd6(f.wasted_usd),
    evidence: maskSecrets(f.evidence),
  }));
  const top = [...structure.steps]
    .filter((s) => stepCost(s, cost.get(s.id)) > 0)
    .sort((a, b) => stepCost(b, cost.get(b.id)) - stepCost(a, cost.get(a.id)) || Number(a.id.slice(1)) - Number(b.id.slice(1)))
    .slice(0, 6)
    .map((s) => ({ step: s.id, cost_usd: usd6(stepCost(s, cost.get(s.id))), reason: maskSecrets(reason(s, cost.get(s.id))) }));
  return {
    tracecard: TRACECARD_VERSION,
    session: {
      id: session.id,
      label: session.label,
      tags: session.tags,
      source: session.source,
      agent: { name: session.agentName, version: session.agentVersion },
      command: session.command.length ? maskSecrets(session.command.join(' ')) : null,
      cwd: session.cwd,
      git: { commit: session.gitCommit, branch: session.gitBranch, dirty: session.gitDirty },
      started: new Date(session.startedAt).toISOString(),
      duration_s: wallMs === null ? null : Math.round(wallMs / 100) / 10,
      exit_code: session.exitCode,
      stopped_reason: session.stoppedReason,
      outcome: { status: session.outcome.status, source: session.outcome.source, evidence: session.outcome.evidence === null ? null : maskSecrets(session.outcome.evidence) },
    },
    totals,
    steps: structure.steps.map((s) => cardStep(s, cost.get(s.id))),
    top_cost_steps: top,
    flags,
    paper: paperBlock(session.label ?? session.id, structure, costs, totals, flags),
  };
}

export { argSummary };
