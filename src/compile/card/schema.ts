import { z } from 'zod';

/**
 * The TraceCard: the compact, deterministic summary of one session that people and the distiller read.
 * Defined once here; `clawtrace card --schema` prints its JSON Schema. Keys are snake_case (YAML convention);
 * money is USD rounded to 6 decimals; `null` money means "could not be priced", never $0.
 */
export const TRACECARD_VERSION = 1;

const usd = z.number().nullable();

export const FlagKindSchema = z.enum([
  'tool_loop',
  'error_retry',
  'reread_unchanged',
  'duplicate_tool_call',
  'subagent_overlap',
  'oversized_output',
  'cache_expiry',
  'cache_miss',
  'thinking_waste',
  'model_overkill',
]);
export type FlagKind = z.infer<typeof FlagKindSchema>;

export const TokenCountsSchema = z.object({
  input: z.number().int(),
  cache_read: z.number().int(),
  cache_write: z.number().int(),
  output: z.number().int(),
  reasoning: z.number().int(),
});
export type TokenCounts = z.infer<typeof TokenCountsSchema>;

export const CardOutcomeSchema = z.object({
  status: z.enum(['success', 'failure', 'unknown']),
  source: z.enum(['oracle', 'manual', 'exit_code', 'none']),
  evidence: z.string().nullable(),
});

export const CardSessionSchema = z.object({
  id: z.string(),
  label: z.string().nullable(),
  tags: z.record(z.string(), z.string()),
  source: z.string(),
  agent: z.object({ name: z.string().nullable(), version: z.string().nullable() }),
  command: z.string().nullable(),
  cwd: z.string().nullable(),
  git: z.object({ commit: z.string().nullable(), branch: z.string().nullable(), dirty: z.boolean().nullable() }),
  /** ISO 8601, UTC */
  started: z.string(),
  duration_s: z.number().nullable(),
  exit_code: z.number().int().nullable(),
  stopped_reason: z.string().nullable(),
  outcome: CardOutcomeSchema,
});

export const CostTotalsSchema = z.object({
  /**
   * direct + auxiliary: what the session was billed, as far as it could be priced; null when calls needed a price and
   * none had one (every money figure of a card: null plus an unpriced count, never $0)
   */
  total_usd: usd,
  /** LLM calls of the agent loop (main agent and sub-agents); null when none of them could be priced */
  direct_usd: usd,
  /** side calls (titles, routers, token counts, compactions); null when none of them could be priced */
  auxiliary_usd: usd,
  /** part of direct_usd spent re-sending tool results (attributed to the tools; not added to total) */
  carried_usd: z.number(),
  unpriced_calls: z.number().int(),
  estimated_calls: z.number().int(),
});

export const ByModelSchema = z.object({
  model: z.string(),
  provider: z.string(),
  calls: z.number().int(),
  tokens: TokenCountsSchema,
  cost_usd: usd,
  unpriced_calls: z.number().int(),
  /**
   * where the price came from: `genai-prices <provider>/<entry>` (the provider's list that priced it, which for a log
   * that names no provider may be another company's than the wire format's), a user price file, or `agent log` (the
   * agent's own figure); null when unpriced
   */
  priced_by: z.string().nullable(),
});

export const ByAgentSchema = z.object({
  agent: z.string(),
  kind: z.enum(['main', 'subagent']),
  label: z.string().nullable(),
  parent: z.string().nullable(),
  spawned_by: z.string().nullable(),
  llm_calls: z.number().int(),
  tool_uses: z.number().int(),
  /** this agent's own calls; null when every one of them is unpriced */
  cost_usd: usd,
  unpriced_calls: z.number().int(),
});

export const CardTotalsSchema = z.object({
  cost: CostTotalsSchema,
  tokens: TokenCountsSchema,
  llm_calls: z.number().int(),
  auxiliary_calls: z.number().int(),
  tool_uses: z.number().int(),
  tool_errors: z.number().int(),
  sub_agents: z.number().int(),
  /** cache_read / all input tokens, 0..1 (3 decimals) */
  cache_hit_rate: z.number(),
  wall_time_s: z.number().nullable(),
  by_model: z.array(ByModelSchema),
  by_agent: z.array(ByAgentSchema),
});

/** One step in flow style. LLM steps carry model/tokens/role; tool steps carry tool/args/result size. */
export const CardStepSchema = z.object({
  id: z.string(),
  agent: z.string(),
  kind: z.enum(['llm', 'tool']),
  /** model for llm steps, tool name for tool steps */
  name: z.string(),
  /** tool steps: short argument summary (secrets masked); llm steps: null */
  args: z.string().nullable(),
  /** llm: input (all, cached included) / output; tool: result tokens in `out`, `in` 0 */
  tok_in: z.number().int(),
  tok_out: z.number().int(),
  /**
   * the token figures are a tokenizer's estimate (js-tiktoken), not the provider's count: always for a tool's result
   * size; for an LLM step whose log or stream reported no usage
   */
  est: z.boolean(),
  /** llm: billed USD (null = unpriced); tool: 0 */
  cost: usd,
  /** tool: carried USD (+ sub-agent cost when it spawned one); llm: 0 */
  carried: usd,
  dur_ms: z.number().int().nullable(),
  role: z.enum(['final_reply', 'plan_then_tool', 'tool_call', 'thinking_only', 'other']).nullable(),
  /** llm: auxiliary reason when a side call */
  aux: z.string().nullable(),
  error: z.string().nullable(),
});
export type CardStep = z.infer<typeof CardStepSchema>;

export const TopCostStepSchema = z.object({
  step: z.string(),
  cost_usd: z.number(),
  reason: z.string(),
});

export const FlagSchema = z.object({
  kind: FlagKindSchema,
  /** the steps involved; the first is the one kept, the rest are the waste (where that distinction exists) */
  steps: z.array(z.string()),
  /**
   * the pattern, generalized across agents: a tool family and what it did (`shell:grep`, `read`, `search`), or the
   * model for call-level flags; the same for Bash, bash, shell, exec_command and exec
   */
  target: z.string(),
  /** the cause, in plain words (e.g. "the system prompt changed", "a search that found nothing, repeated unchanged") */
  cause: z.string(),
  /**
   * what removing the waste would have saved: at most what the cited steps cost, and each dollar claimed by one flag
   * only; null when it involves unpriced calls
   */
  wasted_usd: usd,
  evidence: z.string(),
});
export type Flag = z.infer<typeof FlagSchema>;

/** The reference implementation's own card fields, so CostCraft-style consumers can read our cards. */
export const PaperBlockSchema = z.object({
  task_id: z.string(),
  model: z.string().nullable(),
  total_cost_usd: usd,
  total_tokens: z.object({
    input: z.number().int(),
    output: z.number().int(),
    cacheRead: z.number().int(),
    cacheWrite: z.number().int(),
  }),
  llm_call_count: z.number().int(),
  tool_call_count: z.number().int(),
  top_cost_spans: z.array(
    z.object({
      span: z.string(),
      cost_usd: usd,
      tokens: z.number().int(),
      tools: z.array(z.string()),
      role: z.string(),
    }),
  ),
  redundant_tool_calls: z.array(
    z.object({ tool: z.string(), count: z.number().int(), spans: z.array(z.string()), similarity: z.number() }),
  ),
  sub_agents: z.array(
    z.object({
      agent: z.string(),
      spawned_by: z.string().nullable(),
      /** the sub-agent and its own sub-agents, as far as priced; null when none of their calls could be */
      cost_usd: usd,
      unpriced_calls: z.number().int(),
      output_used_in_final: z.boolean().nullable(),
    }),
  ),
  failed_or_repaired_steps: z.array(
    z.object({ span: z.string(), tool: z.string(), error: z.string(), repaired_by: z.string().nullable() }),
  ),
});

export const TraceCardSchema = z.object({
  tracecard: z.literal(TRACECARD_VERSION),
  session: CardSessionSchema,
  totals: CardTotalsSchema,
  steps: z.array(CardStepSchema),
  top_cost_steps: z.array(TopCostStepSchema),
  flags: z.array(FlagSchema),
  paper: PaperBlockSchema,
});
export type TraceCard = z.infer<typeof TraceCardSchema>;
