import { z } from 'zod';

/**
 * Token usage of one LLM call in clawtrace's single convention.
 *
 * Every provider reports usage differently (see docs/cost-truth in the README). The wire parsers and importers
 * translate into this shape, and nothing downstream ever looks at a provider's own fields again:
 * - `inputUncached` is input billed at the base input rate (cache reads and writes are NOT part of it);
 * - `cacheRead`, `cacheWrite5m`, `cacheWrite1h` are the cached parts of the input;
 * - `output` is every billed output token, reasoning included;
 * - `reasoning` is the part of `output` spent on hidden reasoning (already inside `output`).
 */
export const UsageSchema = z.object({
  inputUncached: z.number().int().nonnegative(),
  cacheRead: z.number().int().nonnegative(),
  cacheWrite5m: z.number().int().nonnegative(),
  cacheWrite1h: z.number().int().nonnegative(),
  output: z.number().int().nonnegative(),
  reasoning: z.number().int().nonnegative(),
  /** true when some figure was counted with a tokenizer because the provider reported none */
  estimated: z.boolean(),
});
export type Usage = z.infer<typeof UsageSchema>;

export const ZERO_USAGE: Usage = Object.freeze({
  inputUncached: 0,
  cacheRead: 0,
  cacheWrite5m: 0,
  cacheWrite1h: 0,
  output: 0,
  reasoning: 0,
  estimated: false,
});

/** All input tokens the call was billed for, cached parts included. */
export function totalInput(u: Usage): number {
  return u.inputUncached + u.cacheRead + u.cacheWrite5m + u.cacheWrite1h;
}

export function cacheWrite(u: Usage): number {
  return u.cacheWrite5m + u.cacheWrite1h;
}

export function totalTokens(u: Usage): number {
  return totalInput(u) + u.output;
}

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputUncached: a.inputUncached + b.inputUncached,
    cacheRead: a.cacheRead + b.cacheRead,
    cacheWrite5m: a.cacheWrite5m + b.cacheWrite5m,
    cacheWrite1h: a.cacheWrite1h + b.cacheWrite1h,
    output: a.output + b.output,
    reasoning: a.reasoning + b.reasoning,
    estimated: a.estimated || b.estimated,
  };
}

export function makeUsage(parts: Partial<Usage>): Usage {
  return { ...ZERO_USAGE, ...parts };
}

/**
 * Usage from a provider whose input count INCLUDES its cached part and whose output count includes reasoning
 * (OpenAI Chat Completions and Responses, Codex rollouts): the cached part is taken out of the input here, once.
 */
export function usageFromInclusive(p: { input: number; cached: number; output: number; reasoning: number }): Usage {
  return {
    inputUncached: Math.max(0, p.input - p.cached),
    cacheRead: p.cached,
    cacheWrite5m: 0,
    cacheWrite1h: 0,
    output: p.output,
    reasoning: p.reasoning,
    estimated: false,
  };
}
