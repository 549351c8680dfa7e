/** USD per million tokens for each billed part of a call. */
export interface Rates {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
}

export interface RateSource {
  /** 'genai-prices' or the user price file's path */
  origin: string;
  provider: string;
  modelId: string;
  /** the tier in force, e.g. "prompt > 200000 tokens" */
  note: string | null;
}

export interface PriceEntry {
  rates: Rates;
  source: RateSource;
}

/** A price lookup: given who served the call, which model, and how big the prompt was, the rates that applied. */
export interface PriceTable {
  lookup(provider: string, model: string, promptTokens: number, at?: Date): PriceEntry | null;
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
