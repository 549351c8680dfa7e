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
  /** all input tokens, cached parts included (as in cards): uncached = input - cache_read - cache_write */
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
  /** the models that served this row's calls, sorted ('?' for calls whose model is unknown) */
  models: z.array(z.string()).optional(),
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

export const WeekStartSchema = z.enum(['monday', 'sunday']);

/**
 * What a report asks for; the same query gives the same rows from SQLite and from the team store.
 * - Time buckets are local to `tz`: a call belongs to the day (week, month) holding its local date; weeks start on
 *   `weekStart` and are keyed by their first day; months are keyed YYYY-MM.
 * - `since` / `until` are inclusive local dates (YYYY-MM-DD in `tz`).
 * - Filters match against the distinct values present: project = its path, its alias or its folder name; agent =
 *   the agent name or a prefix of it (case-insensitive); model = a case-insensitive substring.
 * - Cost sums the priced calls only; unpriced calls are counted apart, never as $0.
 */
export const UsageQuerySchema = z.object({
  kind: UsageReportKindSchema,
  tz: z.string(),
  since: z.string().nullable(),
  until: z.string().nullable(),
  filters: z.object({ project: z.string().nullable(), agent: z.string().nullable(), model: z.string().nullable() }),
  breakdown: z.boolean(),
  weekStart: WeekStartSchema,
});
export type UsageQuery = z.infer<typeof UsageQuerySchema>;
