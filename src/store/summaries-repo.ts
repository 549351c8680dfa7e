import type { Session } from '../domain/session.js';
import type { UsageFact } from '../domain/usage-report.js';
import type { Db } from './db.js';
import { fromSessionRow, type SessionRow } from './sessions-repo.js';

/** The versions a cached summary was made under: one that differs makes it stale. */
export interface SummaryVersions {
  compileVersion: number;
  parserVersion: number;
  /** a hash of the price table in use (bundled data version + the user's price file) */
  priceKey: string;
}

export interface SummaryTokens {
  input: number;
  cache_read: number;
  cache_write: number;
  output: number;
  reasoning: number;
}

/** What the sessions list shows of a compiled session (the session row itself is read live beside it). */
export interface SessionSummary {
  sessionId: string;
  project: string | null;
  firstPrompt: string | null;
  mainModel: string | null;
  models: string[];
  llmCalls: number;
  toolUses: number;
  subAgents: number;
  /** priced part only */
  costUsd: number;
  unpricedCalls: number;
  estimatedCalls: number;
  tokens: SummaryTokens;
  /** null until the flags were computed (they need the whole card) */
  flags: { count: number; wastedUsd: number; unpriced: number } | null;
}

/**
 * A summary row made under the versions bound as the next three parameters (llm_calls = -1 marks a session being
 * compiled elsewhere: not a summary yet).
 */
const VALID = 'm.compile_version = ? AND m.parser_version = ? AND m.price_key = ? AND m.llm_calls >= 0';

/** Sessions with no valid summary for these versions (never compiled, changed since, or compiled under others). */
export function staleSessionIds(db: Db, v: SummaryVersions, opts: { needFlags: boolean }): string[] {
  const rows = db
    .prepare(
      `SELECT s.id FROM sessions s LEFT JOIN session_summaries m ON m.session_id = s.id
       WHERE m.session_id IS NULL OR NOT (${VALID}) ${opts.needFlags ? 'OR m.flags IS NULL' : ''}
       ORDER BY s.started_at, s.id`,
    )
    .all(v.compileVersion, v.parserVersion, v.priceKey) as { id: string }[];
  return rows.map((r) => r.id);
}

/**
 * Replaces a session's summary and usage facts. Call it in the transaction that read the session's calls: the
 * triggers of migration 3 delete a summary when its session changes, so a summary written from an older read would
 * outlive the change; a write conflict there means "changed meanwhile" and leaves the session stale.
 */
export function writeSummary(db: Db, v: SummaryVersions, s: SessionSummary, facts: readonly UsageFact[]): void {
  replaceFacts(db, s.sessionId, facts);
  db.prepare(
    `INSERT OR REPLACE INTO session_summaries (session_id, compile_version, parser_version, price_key, project, first_prompt,
       main_model, models_json, llm_calls, tool_uses, sub_agents, cost_usd, unpriced_calls, estimated_calls, tokens_input,
       tokens_cache_read, tokens_cache_write, tokens_output, tokens_reasoning, flags, wasted_usd, wasted_unpriced, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(s.sessionId, v.compileVersion, v.parserVersion, v.priceKey, ...summaryValues(s), Date.now());
}

function replaceFacts(db: Db, sessionId: string, facts: readonly UsageFact[]): void {
  db.prepare(`DELETE FROM usage_facts WHERE session_id = ?`).run(sessionId);
  const ins = db.prepare(
    `INSERT INTO usage_facts (session_id, call_id, started_at, project, agent_name, agent_id, provider, model, auxiliary,
       cost_usd, estimated, input_uncached, cache_read, cache_write, output, reasoning)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const f of facts) {
    ins.run(f.sessionId, f.callId, f.startedAt, f.project, f.agentName, f.agentId, f.provider, f.model, f.auxiliary ? 1 : 0,
      f.costUsd, f.estimated ? 1 : 0, f.inputUncached, f.cacheRead, f.cacheWrite, f.output, f.reasoning);
  }
}

function summaryValues(s: SessionSummary): unknown[] {
  return [s.project, s.firstPrompt, s.mainModel, JSON.stringify(s.models), s.llmCalls, s.toolUses, s.subAgents, s.costUsd,
    s.unpricedCalls, s.estimatedCalls, s.tokens.input, s.tokens.cache_read, s.tokens.cache_write, s.tokens.output,
    s.tokens.reasoning, s.flags?.count ?? null, s.flags?.wastedUsd ?? null, s.flags?.unpriced ?? null];
}

/**
 * Marks sessions as being compiled elsewhere (a worker thread reading its own snapshot): a pending row that the
 * triggers delete if the session changes before the result is written back.
 */
export function markPending(db: Db, v: SummaryVersions, ids: readonly string[]): void {
  const q = db.prepare(
    `INSERT OR REPLACE INTO session_summaries (session_id, compile_version, parser_version, price_key, llm_calls, tool_uses,
       sub_agents, cost_usd, unpriced_calls, estimated_calls, tokens_input, tokens_cache_read, tokens_cache_write,
       tokens_output, tokens_reasoning, updated_at)
     VALUES (?, ?, ?, ?, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ?)`,
  );
  db.transaction(() => {
    for (const id of ids) q.run(id, v.compileVersion, v.parserVersion, v.priceKey, Date.now());
  })();
}

/**
 * Writes a summary compiled from a snapshot taken after markPending, if the session is still pending (unchanged
 * since): true when written. Call it in a transaction.
 */
export function writePendingSummary(db: Db, v: SummaryVersions, s: SessionSummary, facts: readonly UsageFact[]): boolean {
  const still = db.prepare(`SELECT 1 FROM session_summaries WHERE session_id = ? AND llm_calls = -1 AND price_key = ?`).get(s.sessionId, v.priceKey);
  if (!still) return false;
  writeSummary(db, v, s, facts);
  return true;
}

/** Drops this refresh's pending marks that were never resolved (a worker failed): those sessions stay stale. */
export function clearPending(db: Db, ids: readonly string[]): void {
  const q = db.prepare(`DELETE FROM session_summaries WHERE session_id = ? AND llm_calls = -1`);
  db.transaction(() => {
    for (const id of ids) q.run(id);
  })();
}

interface SummaryRow extends SessionRow {
  project: string | null;
  first_prompt: string | null;
  main_model: string | null;
  models_json: string | null;
  llm_calls: number | null;
  tool_uses: number | null;
  sub_agents: number | null;
  cost_usd: number | null;
  unpriced_calls: number | null;
  estimated_calls: number | null;
  tokens_input: number | null;
  tokens_cache_read: number | null;
  tokens_cache_write: number | null;
  tokens_output: number | null;
  tokens_reasoning: number | null;
  flags: number | null;
  wasted_usd: number | null;
  wasted_unpriced: number | null;
}

function toSummary(r: SummaryRow): SessionSummary | null {
  if (r.llm_calls === null) return null;
  return {
    sessionId: r.id,
    project: r.project,
    firstPrompt: r.first_prompt,
    mainModel: r.main_model,
    models: JSON.parse(r.models_json ?? '[]') as string[],
    llmCalls: r.llm_calls,
    toolUses: r.tool_uses ?? 0,
    subAgents: r.sub_agents ?? 0,
    costUsd: r.cost_usd ?? 0,
    unpricedCalls: r.unpriced_calls ?? 0,
    estimatedCalls: r.estimated_calls ?? 0,
    tokens: {
      input: r.tokens_input ?? 0,
      cache_read: r.tokens_cache_read ?? 0,
      cache_write: r.tokens_cache_write ?? 0,
      output: r.tokens_output ?? 0,
      reasoning: r.tokens_reasoning ?? 0,
    },
    flags: r.flags === null ? null : { count: r.flags, wastedUsd: r.wasted_usd ?? 0, unpriced: r.wasted_unpriced ?? 0 },
  };
}

export interface ListedSession {
  session: Session;
  /** null when the session has no valid summary (it could not be compiled) */
  summary: SessionSummary | null;
}

/** Sessions newest first with their summaries, in one query (no compile). */
export function listSessionSummaries(db: Db, v: SummaryVersions, opts: { limit?: number; since?: number } = {}): ListedSession[] {
  const rows = db
    .prepare(
      `SELECT s.*, m.project, m.first_prompt, m.main_model, m.models_json, m.llm_calls, m.tool_uses, m.sub_agents, m.cost_usd,
         m.unpriced_calls, m.estimated_calls, m.tokens_input, m.tokens_cache_read, m.tokens_cache_write, m.tokens_output,
         m.tokens_reasoning, m.flags, m.wasted_usd, m.wasted_unpriced
       FROM sessions s LEFT JOIN session_summaries m ON m.session_id = s.id AND ${VALID}
       WHERE s.started_at >= ? ORDER BY s.started_at DESC, s.id LIMIT ?`,
    )
    .all(v.compileVersion, v.parserVersion, v.priceKey, opts.since ?? 0, opts.limit ?? -1) as SummaryRow[];
  return rows.map((r) => ({ session: fromSessionRow(r), summary: toSummary(r) }));
}

/** The summary of one session, when valid. */
export function getSessionSummary(db: Db, v: SummaryVersions, sessionId: string): SessionSummary | null {
  const rows = db
    .prepare(`SELECT s.*, m.* FROM sessions s JOIN session_summaries m ON m.session_id = s.id AND ${VALID} WHERE s.id = ?`)
    .all(v.compileVersion, v.parserVersion, v.priceKey, sessionId) as SummaryRow[];
  const r = rows[0];
  return r ? toSummary(r) : null;
}
