import fs from 'node:fs';
import path from 'node:path';
import { genaiPricesLookup } from './genai-prices-table.js';
import type { PriceEntry, PriceTable } from './rates.js';
import { globMatches, loadUserPrices, type UserPrice } from './user-prices.js';

/** Bundled genai-prices data with the user's entries on top (a user entry that matches always wins). */
export function makePriceTable(user: readonly UserPrice[]): PriceTable {
  const cache = new Map<string, PriceEntry | null>();
  return {
    lookup(provider, model, promptTokens, at) {
      for (const u of user) {
        if (u.provider && u.provider !== provider) continue;
        if (!globMatches(u.match, model)) continue;
        let rates = u.rates;
        let note: string | null = null;
        for (const t of u.tiers) {
          if (promptTokens > t.above) {
            rates = t.rates;
            note = `prompt > ${t.above} tokens`;
          }
        }
        return { rates, source: { origin: u.origin, provider: u.provider ?? provider, modelId: u.match, note } };
      }
      // genai-prices tiers are few: cache per tier boundary bucket rather than per prompt size
      const key = `${provider}\u0000${model}\u0000${promptTokens > 200_000 ? 'big' : promptTokens > 128_000 ? 'mid' : 'small'}\u0000${at?.toISOString().slice(0, 10) ?? ''}`;
      if (!cache.has(key)) cache.set(key, genaiPricesLookup(provider, model, promptTokens, at));
      return cache.get(key) ?? null;
    },
    userEntries: () => user.map((u) => ({ match: u.match, provider: u.provider, rates: u.rates, origin: u.origin })),
  };
}

/** The table for a project: `--prices FILE` if given, else `.clawtrace/prices.yaml` in the project if present. */
export function loadPriceTable(opts: { pricesFile?: string | undefined; projectDir?: string | null }): PriceTable {
  const file = opts.pricesFile ?? (opts.projectDir ? path.join(opts.projectDir, 'prices.yaml') : null);
  const user = file && (opts.pricesFile || fs.existsSync(file)) ? loadUserPrices(file) : [];
  return makePriceTable(user);
}
