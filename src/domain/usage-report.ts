import { z } from 'zod';

/**
 * Usage reports (daily, weekly, monthly, sessions, projects, models, agents) are aggregates of one fact per LLM
 * call. The same facts are kept in SQLite (local reports) and pushed to the team store (ClickHouse), so a report
 * gives the same figures from either, to the cent.
 */
export const UsageFactSchema = z.object({
  sessionId: z.string(),
  /** llm_calls.id in the local store; with sessionId, the natural key of a fact */
  callId: z.number().int(),
  /** epoch ms */
  startedAt: z.number(),
  /** the repository the session ran in (git root or cwd); null when unknown */
  project: z.string().nullable(),
  /** the agent CLI that ran (claude-code, codex, ...); null when unknown */
  agentName: z.string().nullable(),
  /** `main` or a sub-agent id: sub-agents stay in their parent session */
  agentId: z.string(),
  provider: z.string(),
  model: z.string().nullable(),
  /** a side call (title, router, token count), not a step of the agent loop */
  auxiliary: z.boolean(),
  /** null when the call could not be priced: counted as unpriced, never as $0 */
  costUsd: z.number().nullable(),
  estimated: z.boolean(),
  inputUncached: z.number().int().nonnegative(),
  cacheRead: z.number().int().nonnegative(),
  cacheWrite: z.number().int().nonnegative(),
  output: z.number().int().nonnegative(),
  reasoning: z.number().int().nonnegative(),
});
export type UsageFact = z.infer<typeof UsageFactSchema>;

export const UsageReportKindSchema = z.enum(['daily', 'weekly', 'monthly', 'sessions', 'projects', 'models', 'agents']);
export type UsageReportKind = z.infer<typeof UsageReportKindSchema>;

export const UsageTokensSchema = z.object({
  input: z.number().int(),
  cache_read: z.number().int(),
  cache_write: z.number().int(),
  output: z.number().int(),
  reasoning: z.number().int(),
});

const UsageRowBaseSchema = z.object({
  /** the group: a date (YYYY-MM-DD), week start, month (YYYY-MM), session id, project, model or agent */
  key: z.string(),
  /** what to print for the key (a project alias, a session's label or first prompt) */
  label: z.string(),
  /** priced part only; the row says how many calls could not be priced */
  cost_usd: z.number(),
  unpriced_calls: z.number().int(),
  estimated_calls: z.number().int(),
  tokens: UsageTokensSchema,
  calls: z.number().int(),
  sessions: z.number().int(),
  /** cache_read / all input tokens, 0..1 */
  cache_hit_rate: z.number(),
});

export const UsageRowSchema = UsageRowBaseSchema.extend({
  /** `--breakdown`: the same figures per model under this row */
  breakdown: z.array(UsageRowBaseSchema).optional(),
});
export type UsageRow = z.infer<typeof UsageRowSchema>;

export const UsageReportSchema = z.object({
  kind: UsageReportKindSchema,
  /** IANA zone the dates are in */
  tz: z.string(),
  since: z.string().nullable(),
  until: z.string().nullable(),
  filters: z.object({ project: z.string().nullable(), agent: z.string().nullable(), model: z.string().nullable() }),
  rows: z.array(UsageRowSchema),
  totals: UsageRowSchema,
});
export type UsageReport = z.infer<typeof UsageReportSchema>;

/**
 * What a usage report is asked for: the same query runs over the local facts table or the team store. `since` and
 * `until` are dates (YYYY-MM-DD, both included) in `tz`; filters match exactly; `breakdown` adds per-model rows.
 */
export const UsageQuerySchema = z.object({
  kind: UsageReportKindSchema,
  since: z.string().nullable(),
  until: z.string().nullable(),
  /** IANA zone that days, weeks (starting Monday) and months are cut in */
  tz: z.string(),
  project: z.string().nullable(),
  agent: z.string().nullable(),
  model: z.string().nullable(),
  breakdown: z.boolean(),
});
export type UsageQuery = z.infer<typeof UsageQuerySchema>;
