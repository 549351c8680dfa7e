/** USD per million tokens for each billed part of a call. */
export interface Rates {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
}

export interface RateSource {
  /** 'genai-prices', the user price file's path, or 'agent-log' (the agent's own logged cost) */
  origin: string;
  provider: string;
  modelId: string;
  /** the tier in force, e.g. "prompt > 200000 tokens", or how the price was chosen */
  note: string | null;
}

export interface PriceEntry {
  rates: Rates;
  source: RateSource;
}

/** What a price is looked up by: who served the call, which model, how big the prompt was, and when. */
export interface PriceQuery {
  /** the wire family (anthropic, openai, google, other): decides the list when the log names no provider */
  provider: string;
  /**
   * the provider the log or route names (zai, ollama, openai-codex, ...): when set, only its own list prices the
   * call; a provider genai-prices has no list for leaves the call to the agent's logged cost, or unpriced
   */
  providerId?: string | null;
  model: string;
  promptTokens: number;
  at?: Date | undefined;
}

/** A price lookup. */
export interface PriceTable {
  lookup(q: PriceQuery): PriceEntry | null;
  /** every user-defined entry (for `clawtrace prices`) */
  userEntries(): { match: string; provider: string | null; rates: Rates; origin: string }[];
}

/** Rates with missing cache prices filled the way providers bill them when they have no separate cache price. */
export function completeRates(p: Partial<Rates> & { input: number; output: number }): Rates {
  return {
    input: p.input,
    output: p.output,
    cacheRead: p.cacheRead ?? p.input,
    cacheWrite5m: p.cacheWrite5m ?? p.input,
    cacheWrite1h: p.cacheWrite1h ?? p.cacheWrite5m ?? p.input,
  };
}
