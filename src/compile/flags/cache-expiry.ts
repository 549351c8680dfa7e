import { cacheLifetimeMs, repaidPrefixes } from './cache-prefix.js';
import { usdText, type Candidate, type Detector } from './context.js';

const MARGIN_MS = 60_000;

/**
 * cache_expiry: a call after an idle gap longer than the cache's lifetime (5 minutes; an hour after 1-hour writes)
 * paid again for the whole prefix its conversation had cached. Gaps within a minute of the lifetime are left alone
 * (log times are those of responses, not requests). Waste: the prefix above the cache-read rate.
 */
export const cacheExpiry: Detector = (ctx) =>
  repaidPrefixes(ctx)
    .filter((r) => r.gapMs > cacheLifetimeMs(r.prev) + MARGIN_MS)
    .map(
      (r): Candidate => ({
        kind: 'cache_expiry',
        steps: [r.prev.id, r.call.id],
        target: r.call.model ?? 'model',
        cause: `the prompt cache expired during ${Math.round(r.gapMs / 60000)} idle minutes`,
        claims: [{ stepId: r.call.id, usd: r.usd }],
        evidence: (usd) =>
          `${r.call.id} came ${Math.round(r.gapMs / 60000)} min after ${r.prev.id}, past the cache's ${Math.round(cacheLifetimeMs(r.prev) / 60000)}-minute lifetime, and paid again for its ${r.tokens}-token prefix; a live cache would have saved ${usdText(usd)}`,
      }),
    );
