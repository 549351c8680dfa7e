import { calcPrice, type ModelPrice, type Tier } from '@pydantic/genai-prices';
import { completeRates, type PriceEntry, type Rates } from './rates.js';

/** Our provider names → genai-prices provider ids. */
const PROVIDER_IDS: Record<string, string | undefined> = {
  anthropic: 'anthropic',
  openai: 'openai',
  google: 'google',
};

interface Tiered {
  base: number;
  tiers: Tier[];
}

function isTiered(v: unknown): v is Tiered {
  return typeof v === 'object' && v !== null && 'base' in v && 'tiers' in v;
}

/**
 * The rate of one price key at a prompt size. genai-prices tiers apply to the whole request once the prompt (all
 * input, cached parts included) passes a tier's start, which is how Anthropic and Gemini bill long prompts.
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

/** Looks a model up in the bundled genai-prices data (offline). null when it has no price for it. */
export function genaiPricesLookup(provider: string, model: string, promptTokens: number, at?: Date): PriceEntry | null {
  const providerId = PROVIDER_IDS[provider];
  const found = calcPrice({ input_tokens: promptTokens, output_tokens: 0 }, model, {
    ...(providerId ? { providerId } : {}),
    ...(at ? { timestamp: at } : {}),
  });
  if (!found) return null;
  const mp = found.model_price;
  const input = rateAt(mp, 'input_mtok', promptTokens);
  const output = rateAt(mp, 'output_mtok', promptTokens);
  if (input.rate === undefined || output.rate === undefined) return null;
  const partial: Partial<Rates> & { input: number; output: number } = { input: input.rate, output: output.rate };
  const cr = rateAt(mp, 'cache_read_mtok', promptTokens).rate;
  const cw = rateAt(mp, 'cache_write_mtok', promptTokens).rate;
  const cw1h = rateAt(mp, 'cache_write_1h_mtok', promptTokens).rate;
  if (cr !== undefined) partial.cacheRead = cr;
  if (cw !== undefined) partial.cacheWrite5m = cw;
  if (cw1h !== undefined) partial.cacheWrite1h = cw1h;
  const tier = input.tier ?? output.tier;
  return {
    rates: completeRates(partial),
    source: {
      origin: 'genai-prices',
      provider: found.provider.id,
      modelId: found.model.id,
      note: tier !== null ? `prompt > ${tier} tokens` : null,
    },
  };
}
