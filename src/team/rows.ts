import type { CompiledSession } from '../compile/compile-session.js';
import { maskSecrets } from '../compile/card/mask-secrets.js';
import { usageFacts } from '../compile/usage-facts.js';
import type { Exchange } from '../domain/exchange.js';
import { decodeBody } from '../capture/wire/decode-body.js';
import { wastedUsd } from './sampling.js';

/** Rows of one session for each team-store table, all stamped with the same generation (`pushed_at`). */
export interface SessionRows {
  session: Record<string, unknown>;
  calls: Record<string, unknown>[];
  steps: Record<string, unknown>[];
  card: Record<string, unknown>;
  flags: Record<string, unknown>[];
}

export interface RowContext {
  pushedAt: number;
  project: string;
  user: string;
  host: string;
  repo: string;
  /** llm_calls.id → the call's natural key (imports), so the same log imported into two databases is one call */
  naturalKeys: Map<number, string | null>;
  /** the first prompt as the local summary has it (masked before it is stored) */
  firstPrompt: string | null;
  rawBodies: boolean;
}

const NANO = 1e9;
export const toNano = (usd: number): number => Math.round(usd * NANO);
const seconds = (ms: number): number => Math.floor(ms / 1000);
const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The natural key of a call in the team store. */
export function callKey(callId: number, naturalKey: string | null | undefined): string {
  return naturalKey ? `n:${naturalKey}` : `c:${callId}`;
}

export function sessionRows(c: CompiledSession, x: RowContext): SessionRows {
  const { session, structure, card } = c;
  const who = { user: x.user, host: x.host, repo: x.repo };
  const facts = usageFacts(session, structure, c.costs, x.project);
  const llm = new Map(structure.steps.filter((s) => s.kind === 'llm').map((s) => [s.callId, s]));
  const calls = facts.map((f) => {
    const step = llm.get(f.callId);
    return {
      session_id: f.sessionId,
      call_key: callKey(f.callId, x.naturalKeys.get(f.callId)),
      pushed_at: x.pushedAt,
      day: utcDay(f.startedAt),
      started_at: seconds(f.startedAt),
      started_ms: Math.round(f.startedAt),
      call_id: f.callId,
      seq: step?.seq ?? 0,
      duration_ms: step?.durationMs === null || step?.durationMs === undefined ? null : Math.round(step.durationMs),
      project: x.project,
      agent_name: f.agentName ?? '',
      agent_id: f.agentId,
      provider: f.provider,
      model: f.model ?? '',
      auxiliary: f.auxiliary ? 1 : 0,
      priced: f.costUsd === null ? 0 : 1,
      cost_nusd: f.costUsd === null ? 0 : toNano(f.costUsd),
      estimated: f.estimated ? 1 : 0,
      input_uncached: f.inputUncached,
      cache_read: f.cacheRead,
      cache_write: f.cacheWrite,
      output: f.output,
      reasoning: f.reasoning,
      error: step?.error ? maskSecrets(`${step.error.status ?? ''} ${step.error.message}`.trim()).slice(0, 500) : null,
      ...who,
    };
  });
  const stepStart = new Map(structure.steps.map((s) => [s.id, s.startedAt]));
  const steps = card.steps.map((s) => ({
    session_id: session.id,
    step_id: s.id,
    pushed_at: x.pushedAt,
    started_at: seconds(stepStart.get(s.id) ?? session.startedAt),
    agent_id: s.agent,
    kind: s.kind,
    name: s.name,
    args: s.args,
    tok_in: s.tok_in,
    tok_out: s.tok_out,
    cost_usd: s.cost,
    carried_usd: s.carried,
    dur_ms: s.dur_ms,
    role: s.role,
    aux: s.aux,
    error: s.error,
  }));
  const t = card.totals;
  const waste = wastedUsd(card);
  const started = seconds(session.startedAt);
  const flags = card.flags.map((f, idx) => ({
    session_id: session.id,
    idx,
    pushed_at: x.pushedAt,
    started_at: started,
    kind: f.kind,
    target: f.target,
    steps: f.steps,
    wasted_usd: f.wasted_usd,
    evidence: f.evidence,
    ...who,
  }));
  const priced = facts.reduce((sum, f) => sum + (f.costUsd === null ? 0 : toNano(f.costUsd)), 0);
  return {
    calls,
    steps,
    flags,
    card: {
      session_id: session.id,
      pushed_at: x.pushedAt,
      started_at: started,
      outcome_status: session.outcome.status,
      total_usd: t.cost.total_usd,
      direct_usd: t.cost.direct_usd,
      auxiliary_usd: t.cost.auxiliary_usd,
      carried_usd: t.cost.carried_usd,
      unpriced_calls: t.cost.unpriced_calls,
      estimated_calls: t.cost.estimated_calls,
      llm_calls: t.llm_calls,
      tool_uses: t.tool_uses,
      tool_errors: t.tool_errors,
      sub_agents: t.sub_agents,
      wasted_usd: waste,
      card: JSON.stringify(card),
      ...who,
    },
    session: {
      session_id: session.id,
      pushed_at: x.pushedAt,
      started_at: started,
      started_ms: Math.round(session.startedAt),
      ended_ms: session.endedAt === null ? null : Math.round(session.endedAt),
      label: session.label,
      tags: JSON.stringify(card.session.tags),
      source: session.source,
      agent_name: session.agentName ?? '',
      agent_version: session.agentVersion,
      project: x.project,
      cwd: session.cwd,
      git_commit: session.gitCommit,
      git_branch: session.gitBranch,
      exit_code: session.exitCode,
      stopped_reason: session.stoppedReason,
      outcome_status: session.outcome.status,
      outcome_source: session.outcome.source,
      first_prompt: x.firstPrompt === null ? null : maskSecrets(x.firstPrompt).slice(0, 300),
      main_model: t.by_model[0]?.model ?? '',
      calls: t.llm_calls,
      tool_uses: t.tool_uses,
      sub_agents: t.sub_agents,
      cost_nusd: priced,
      unpriced_calls: t.cost.unpriced_calls,
      estimated_calls: t.cost.estimated_calls,
      wasted_nusd: toNano(waste),
      flags: card.flags.length,
      raw_bodies: x.rawBodies ? 1 : 0,
      ...who,
    },
  };
}

/** A stored exchange as a raw_exchanges row: bodies decoded (storage and Content-Encoding) and secrets masked. */
export function rawRow(x: Exchange, pushedAt: number, reason: string): Record<string, unknown> {
  const text = (body: Buffer, headers: Record<string, string>): string =>
    maskSecrets(decodeBody(body, headers['content-encoding']).body.toString('utf8'));
  return {
    session_id: x.sessionId,
    seq: x.seq,
    pushed_at: pushedAt,
    started_at: seconds(x.startedAt),
    reason,
    route: x.route,
    method: x.method,
    path: x.path,
    status: x.status,
    state: x.state,
    request_bytes: x.requestBytes,
    response_bytes: x.responseBytes,
    request_body: text(x.requestBody, x.requestHeaders),
    response_body: text(x.responseBody, x.responseHeaders),
  };
}
