import { calcPrice, findProvider, type ModelPrice, type Tier } from '@pydantic/genai-prices';
import { completeRates, type PriceEntry, type Rates } from './rates.js';

/**
 * Provider names as agents and logs spell them → genai-prices provider ids. A name that is not here is looked up
 * as it is (genai-prices knows many: zai, minimax, deepseek, openrouter, ...).
 */
const PROVIDER_ALIASES: Record<string, string> = {
  'openai-codex': 'openai',
  'azure-openai': 'azure',
  'google-gemini-cli': 'google',
  'google-vertex': 'google',
  gemini: 'google',
  moonshot: 'moonshotai',
  kimi: 'moonshotai',
  'z-ai': 'zai',
  'z.ai': 'zai',
  xai: 'x-ai',
  grok: 'x-ai',
  bedrock: 'aws',
  'amazon-bedrock': 'aws',
};

/** The genai-prices id of a provider name, or null when genai-prices has no list for it (ollama, a local router). */
export function genaiProviderId(name: string): string | null {
  const n = name.toLowerCase().trim();
  const id = PROVIDER_ALIASES[n] ?? n;
  return findProvider({ providerId: id })?.id ?? null;
}

interface Tiered {
  base: number;
  tiers: Tier[];
}

function isTiered(v: unknown): v is Tiered {
  return typeof v === 'object' && v !== null && 'base' in v && 'tiers' in v;
}

/**
 * The rate of one price key at a prompt size, exactly as genai-prices applies its tiers: the tier's price holds for
 * the whole request once the prompt (all input, cached parts included) is larger than the tier's start.
 */
function rateAt(price: ModelPrice, key: string, promptTokens: number): { rate: number | undefined; tier: number | null } {
  const v = price[key];
  if (typeof v === 'number') return { rate: v, tier: null };
  if (!isTiered(v)) return { rate: undefined, tier: null };
  let rate = v.base;
  let tier: number | null = null;
  for (const t of [...v.tiers].sort((a, b) => a.start - b.start)) {
    if (promptTokens > t.start) {
      rate = t.price;
      tier = t.start;
    }
  }
  return { rate, tier };
}

/** What genai-prices matched for a model: its price (tiers unresolved) and where it came from. */
export interface MatchedPrice {
  price: ModelPrice;
  provider: string;
  modelId: string;
}

/**
 * The genai-prices entry of a model on one provider's list (`providerId`), or on any list when `providerId` is null.
 * The match does not depend on the prompt size, so callers may cache it per (provider, model, day).
 */
export function genaiPricesMatch(providerId: string | null, model: string, at?: Date): MatchedPrice | null {
  const found = calcPrice({ input_tokens: 1, output_tokens: 0 }, model, {
    ...(providerId ? { providerId } : {}),
    ...(at ? { timestamp: at } : {}),
  });
  if (!found) return null;
  return { price: found.model_price, provider: found.provider.id, modelId: found.model.id };
}

/** The rates a matched price gives a prompt of this size (its tier), or null when it lacks input or output rates. */
export function entryAt(m: MatchedPrice, promptTokens: number, note: string | null = null): PriceEntry | null {
  const input = rateAt(m.price, 'input_mtok', promptTokens);
  const output = rateAt(m.price, 'output_mtok', promptTokens);
  if (input.rate === undefined || output.rate === undefined) return null;
  const partial: Partial<Rates> & { input: number; output: number } = { input: input.rate, output: output.rate };
  const cr = rateAt(m.price, 'cache_read_mtok', promptTokens).rate;
  const cw = rateAt(m.price, 'cache_write_mtok', promptTokens).rate;
  const cw1h = rateAt(m.price, 'cache_write_1h_mtok', promptTokens).rate;
  if (cr !== undefined) partial.cacheRead = cr;
  if (cw !== undefined) partial.cacheWrite5m = cw;
  if (cw1h !== undefined) partial.cacheWrite1h = cw1h;
  const tier = input.tier ?? output.tier;
  const notes = [tier !== null ? `prompt > ${tier} tokens` : null, note].filter((x): x is string => x !== null);
  return {
    rates: completeRates(partial),
    source: { origin: 'genai-prices', provider: m.provider, modelId: m.modelId, note: notes.length ? notes.join('; ') : null },
  };
}
