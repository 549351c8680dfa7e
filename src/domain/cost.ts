import { z } from 'zod';

/** USD cost of one LLM call, split by what was paid for. null parts never occur: an unpriced call has no CallCost. */
export const CostBreakdownSchema = z.object({
  inputUncached: z.number(),
  cacheRead: z.number(),
  cacheWrite: z.number(),
  output: z.number(),
  /** the part of `output` spent on reasoning (already inside `output`) */
  reasoning: z.number(),
  total: z.number(),
});
export type CostBreakdown = z.infer<typeof CostBreakdownSchema>;

export const PriceSourceSchema = z.object({
  /** genai-prices | user file path */
  origin: z.string(),
  provider: z.string(),
  /** the model entry that matched */
  modelId: z.string(),
  /** a tier or variant note, e.g. "prompt > 200k tokens" */
  note: z.string().nullable(),
});
export type PriceSource = z.infer<typeof PriceSourceSchema>;

export const CallCostSchema = z.object({
  /** null when the model has no known price: counted as unpriced, never as $0 */
  usd: CostBreakdownSchema.nullable(),
  source: PriceSourceSchema.nullable(),
  /** token figures came (partly) from a tokenizer, not from the provider */
  estimated: z.boolean(),
});
export type CallCost = z.infer<typeof CallCostSchema>;

/** A sum of costs that says how much of it could not be priced. */
export const CostTotalSchema = z.object({
  usd: z.number(),
  unpricedCalls: z.number().int(),
  estimatedCalls: z.number().int(),
});
export type CostTotal = z.infer<typeof CostTotalSchema>;

/**
 * Cost attributed to one step. LLM steps have direct cost (what the call was billed). Tool steps have carried
 * cost: what later calls of the same agent paid to re-send the tool's result as input until compaction. The two are
 * reported apart so totals never double count (carried cost is already inside the later calls' direct cost).
 */
export const StepCostSchema = z.object({
  stepId: z.string(),
  /** USD billed for this LLM call; null when unpriced (and always null for tool steps) */
  direct: z.number().nullable(),
  /** USD of carrying this tool's result forward; 0 for LLM steps; null when any carrying call was unpriced */
  carried: z.number().nullable(),
  /** for a tool that spawned a sub-agent: the sub-agent's whole direct cost, rolled up */
  subagent: z.number().nullable(),
  call: CallCostSchema.nullable(),
});
export type StepCost = z.infer<typeof StepCostSchema>;
