import fs from 'node:fs';
import path from 'node:path';
import { entryAt, genaiPricesMatch, genaiProviderId, type MatchedPrice } from './genai-prices-table.js';
import type { PriceEntry, PriceQuery, PriceTable } from './rates.js';
import { globMatches, loadUserPrices, type UserPrice } from './user-prices.js';

/** Wire families whose own genai-prices list is tried first when the log names no provider. */
const FAMILY_LISTS: Record<string, string> = { anthropic: 'anthropic', openai: 'openai', google: 'google' };

interface Match {
  m: MatchedPrice;
  note: string | null;
}

/**
 * Which genai-prices entry prices a call:
 * - a provider the log names (`providerId`) is priced on that provider's own list only — a model name shared by
 *   several companies is never priced at another company's rates; no list, or no entry on it: no match;
 * - otherwise the wire family's list (anthropic, openai, google), then any list that has the model (an agent pointed
 *   at another provider logs that provider's model names), saying which list it was.
 */
function findMatch(q: PriceQuery): Match | null {
  if (q.providerId) {
    const id = genaiProviderId(q.providerId);
    const m = id ? genaiPricesMatch(id, q.model, q.at) : null;
    return m ? { m, note: null } : null;
  }
  const family = FAMILY_LISTS[q.provider];
  const own = family ? genaiPricesMatch(family, q.model, q.at) : null;
  if (own) return { m: own, note: null };
  const elsewhere = genaiPricesMatch(null, q.model, q.at);
  return elsewhere ? { m: elsewhere, note: `${elsewhere.provider}'s list (the log names no provider)` } : null;
}

function userEntry(user: readonly UserPrice[], q: PriceQuery): PriceEntry | null {
  const provider = q.providerId ?? q.provider;
  for (const u of user) {
    if (u.provider && u.provider !== provider && u.provider !== q.provider) continue;
    if (!globMatches(u.match, q.model)) continue;
    let rates = u.rates;
    let note: string | null = null;
    for (const t of u.tiers) {
      if (q.promptTokens > t.above) {
        rates = t.rates;
        note = `prompt > ${t.above} tokens`;
      }
    }
    return { rates, source: { origin: u.origin, provider: u.provider ?? provider, modelId: u.match, note } };
  }
  return null;
}

/**
 * Bundled genai-prices data with the user's entries on top (a user entry that matches always wins). The match of a
 * model is cached per provider, model and day; its tier is resolved for every call's own prompt size, so a tier
 * boundary anywhere (128k, 200k, 271,999, 512k) prices every prompt as genai-prices defines.
 */
export function makePriceTable(user: readonly UserPrice[]): PriceTable {
  const cache = new Map<string, Match | null>();
  return {
    lookup(q) {
      const mine = userEntry(user, q);
      if (mine) return mine;
      const key = `${q.provider}\u0000${q.providerId ?? ''}\u0000${q.model}\u0000${q.at?.toISOString().slice(0, 10) ?? ''}`;
      let hit = cache.get(key);
      if (hit === undefined) cache.set(key, (hit = findMatch(q)));
      return hit ? entryAt(hit.m, q.promptTokens, hit.note) : null;
    },
    userEntries: () => user.map((u) => ({ match: u.match, provider: u.provider, rates: u.rates, origin: u.origin })),
  };
}

/** The table for a project: `--prices FILE` if given, else `.clawtrace/prices.yaml` in the project if present. */
export function loadPriceTable(opts: { pricesFile?: string | undefined; projectDir?: string | null }): PriceTable {
  const file = opts.pricesFile ?? (opts.projectDir ? path.join(opts.projectDir, 'prices.yaml') : null);
  const userPrices = file && (opts.pricesFile || fs.existsSync(file)) ? loadUserPrices(file) : [];
  return makePriceTable(userPrices);
}
