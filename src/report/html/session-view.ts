import type { CompiledSession } from '../../compile/compile-session.js';
import { maskSecrets } from '../../compile/card/mask-secrets.js';
import { usd6, usd6OrNull } from '../../compile/card/round.js';
import { argSummary } from '../../compile/card/step-lines.js';
import type { StepCost } from '../../domain/cost.js';
import type { LlmCallRecord } from '../../domain/llm-call.js';
import type { LlmStep, Step, ToolStep } from '../../domain/model.js';
import { agentViews, moneyView } from './money-view.js';
import type { FlagView, LlmStepView, SessionView, StepView, ToolStepView } from './view-data.js';

/** The longest text one step carries into the page; the rest stays in the database. */
export const TEXT_LIMIT = 4000;

export interface SessionPageInput extends CompiledSession {
  /** the stored calls (src/store/calls-repo listCalls), for the conversation's text; without them it shows none */
  calls?: readonly LlmCallRecord[];
}

function cut(text: string, limit = TEXT_LIMIT): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/** Masked first, then cut: a secret straddling the cut is masked as a whole. */
const clean = (text: string): string => cut(maskSecrets(text));

const KNOWN_FLAG_FIELDS = new Set(['kind', 'steps', 'target', 'wasted_usd', 'evidence']);

/** The card's flags, largest waste first (unpriced last), with whatever fields a detector added kept as text. */
function flagViews(input: SessionPageInput, byId: Map<string, Step>): FlagView[] {
  const views = input.card.flags.map((f): FlagView => {
    const calls = new Set<string>();
    for (const id of f.steps) {
      const s = byId.get(id);
      if (s?.kind === 'llm') calls.add(s.id);
      else if (s?.kind === 'tool') calls.add(s.requestedBy);
    }
    const extra = Object.entries(f as Record<string, unknown>)
      .filter(([k, v]) => !KNOWN_FLAG_FIELDS.has(k) && v !== null && v !== undefined)
      .map(([k, v]): [string, string] => [k, maskSecrets(typeof v === 'string' ? v : JSON.stringify(v))]);
    return { kind: String(f.kind), target: f.target, steps: [...f.steps], usd: f.wasted_usd, evidence: maskSecrets(f.evidence), calls: [...calls], extra };
  });
  return views.sort((a, b) => (a.usd === null ? (b.usd === null ? 0 : 1) : b.usd === null ? -1 : b.usd - a.usd));
}

/** User text a call carries that its agent's previous call did not: the prompts of a conversation, each shown once. */
function promptsOf(s: LlmStep, call: LlmCallRecord | undefined, last: Map<string, string | null>): string[] {
  if (!call || s.auxiliary) return [];
  const { firstUserText, lastUserText } = call.call.request;
  const seen = last.has(s.agentId);
  const prev = last.get(s.agentId) ?? null;
  last.set(s.agentId, lastUserText);
  const out: string[] = [];
  if (!seen && firstUserText) out.push(firstUserText);
  if (lastUserText && lastUserText !== prev && !(out.length > 0 && lastUserText === firstUserText)) out.push(lastUserText);
  return out.map(clean);
}

function llmView(s: LlmStep, c: StepCost | undefined, call: LlmCallRecord | undefined, t0: number, prompts: string[], error: string | null): LlmStepView {
  const u = s.usage;
  const parts = c?.call?.usd ?? null;
  const text = call?.call.outputText ?? '';
  return {
    k: 'llm',
    id: s.id,
    agent: s.agentId,
    at: s.startedAt - t0,
    dur: s.durationMs,
    model: s.model ?? '?',
    provider: s.provider,
    tok: u ? [u.inputUncached, u.cacheRead, u.cacheWrite5m + u.cacheWrite1h, u.output, u.reasoning] : [0, 0, 0, 0, 0],
    usd: parts ? [usd6(parts.inputUncached), usd6(parts.cacheRead), usd6(parts.cacheWrite), usd6(parts.output)] : null,
    total: usd6OrNull(c?.direct ?? null),
    estimated: c?.call?.estimated ?? false,
    role: s.role,
    aux: s.auxiliary,
    error,
    flags: [],
    prompts,
    text: clean(text),
    textChars: text.length,
  };
}

function toolView(s: ToolStep, c: StepCost | undefined, t0: number): ToolStepView {
  return {
    k: 'tool',
    id: s.id,
    agent: s.agentId,
    at: s.startedAt - t0,
    dur: s.latencyMs,
    name: s.name,
    summary: argSummary(s),
    args: clean(s.args),
    argsChars: s.args.length,
    result: s.resultPreview === null ? null : maskSecrets(s.resultPreview),
    resultTokens: s.resultTokens,
    resultChars: s.resultChars,
    carried: usd6OrNull(c?.carried ?? null),
    subagentUsd: s.spawnedAgentId ? usd6OrNull(c?.subagent ?? null) : null,
    isError: s.isError,
    spawned: s.spawnedAgentId,
    by: s.requestedBy,
    flags: [],
  };
}

/** Everything the session page shows, computed once from the compiled session (and its stored calls' text). */
export function buildSessionView(input: SessionPageInput): SessionView {
  const { session, structure, costs, card } = input;
  const steps = structure.steps;
  const first = steps[0];
  const t0 = first ? Math.min(session.startedAt, first.startedAt) : session.startedAt;
  const costOf = new Map(costs.map((c) => [c.stepId, c]));
  const callOf = new Map((input.calls ?? []).map((c) => [c.id, c]));
  const byId = new Map<string, Step>(steps.map((s) => [s.id, s]));
  const cardError = new Map(card.steps.map((s) => [s.id, s.error]));
  const lastPrompt = new Map<string, string | null>();
  const views: StepView[] = steps.map((s) =>
    s.kind === 'llm'
      ? llmView(s, costOf.get(s.id), callOf.get(s.callId), t0, promptsOf(s, callOf.get(s.callId), lastPrompt), cardError.get(s.id) ?? null)
      : toolView(s, costOf.get(s.id), t0),
  );
  const flags = flagViews(input, byId);
  const viewById = new Map(views.map((v) => [v.id, v]));
  flags.forEach((f, i) => {
    for (const id of new Set([...f.steps, ...f.calls])) viewById.get(id)?.flags.push(i);
  });
  let end = session.endedAt === null ? t0 : session.endedAt;
  for (const v of views) end = Math.max(end, t0 + v.at + (v.dur ?? 0));
  const c = card.totals.cost;
  const carriedUnpriced = views.filter((v) => v.k === 'tool' && v.carried === null).length;
  const tk = card.totals.tokens;
  return {
    view: 'session',
    session: {
      id: card.session.id,
      label: card.session.label,
      agent: [card.session.agent.name, card.session.agent.version].filter((x) => x !== null).join(' ') || null,
      command: card.session.command,
      source: card.session.source,
      started: card.session.started,
      durationS: card.session.duration_s,
      outcome: card.session.outcome.status,
      outcomeSource: card.session.outcome.source,
      evidence: card.session.outcome.evidence,
      branch: card.session.git.branch,
      commit: card.session.git.commit,
    },
    totals: {
      usd: card.totals.llm_calls > 0 && c.unpriced_calls >= card.totals.llm_calls ? null : c.total_usd,
      direct: c.direct_usd,
      auxiliary: c.auxiliary_usd,
      carried: carriedUnpriced > 0 && carriedUnpriced === card.totals.tool_uses ? null : c.carried_usd,
      carriedUnpriced,
      unpriced: c.unpriced_calls,
      estimated: c.estimated_calls,
      llmCalls: card.totals.llm_calls,
      toolUses: card.totals.tool_uses,
      toolErrors: card.totals.tool_errors,
      subAgents: card.totals.sub_agents,
      cacheHitRate: card.totals.cache_hit_rate,
      tokens: [tk.input, tk.cache_read, tk.cache_write, tk.output, tk.reasoning],
      wasteUsd: usd6(card.flags.reduce((sum, f) => sum + (f.wasted_usd ?? 0), 0)),
      wasteUnpriced: card.flags.filter((f) => f.wasted_usd === null).length,
    },
    agents: agentViews(structure, card),
    steps: views,
    flags,
    money: moneyView(structure, costs, card),
    spanMs: Math.max(0, end - t0),
    textLimit: TEXT_LIMIT,
  };
}

