import type { LlmStep } from '../../domain/model.js';
import { cacheLifetimeMs, repaidPrefixes } from './cache-prefix.js';
import { usdText, type Candidate, type Detector } from './context.js';

/** What changed between two calls of a conversation that breaks the provider's prompt cache, if the requests show it. */
export function missCause(prev: LlmStep, s: LlmStep): string | null {
  if (prev.model !== s.model) return `the model changed (${prev.model ?? '?'} → ${s.model ?? '?'})`;
  if (prev.thinking && s.thinking && prev.thinking !== s.thinking) return `the thinking setting changed (${prev.thinking} → ${s.thinking})`;
  if (prev.systemHash && s.systemHash && prev.systemHash !== s.systemHash) return 'the system prompt changed';
  if (prev.toolsHash && s.toolsHash && prev.toolsHash !== s.toolsHash) return 'the tool list changed';
  if (!prev.complete || prev.stopReason === 'aborted' || s.afterAbortedTurn) return 'the previous turn was aborted before its response was cached';
  return null;
}

const UNSEEN =
  "the conversation's cached prefix was not reused although it continued within the cache's lifetime (the log does not show why: an earlier part of the prompt changed, the cache breakpoints moved, or the provider routed the request to another cache)";

/**
 * cache_miss: a call that continued its conversation within the cache's lifetime, with a big prompt, but read (almost)
 * nothing from the cache the conversation was using. The cause is named where the requests show it: the model, the
 * thinking setting, the system prompt or the tool list changed, or the previous turn was aborted. Where they do not,
 * the miss is flagged only when the call wrote its prefix to the cache again (explicit caching, Anthropic's: the
 * client asked for the cache and paid to rebuild it); an unexplained miss of automatic caching (OpenAI's, best
 * effort) may be the provider's and is left alone. Waste: the prefix paid above the cache-read rate.
 */
export const cacheMiss: Detector = (ctx) =>
  repaidPrefixes(ctx)
    .filter((r) => r.gapMs <= cacheLifetimeMs(r.prev))
    .flatMap((r): Candidate[] => {
      const rewrote = (r.call.usage?.cacheWrite5m ?? 0) + (r.call.usage?.cacheWrite1h ?? 0) >= r.tokens * 0.5;
      const cause = missCause(r.prev, r.call) ?? (rewrote ? UNSEEN : null);
      if (!cause) return [];
      return [
        {
          kind: 'cache_miss',
          steps: [r.prev.id, r.call.id],
          target: r.call.model ?? 'model',
          cause,
          claims: [{ stepId: r.call.id, usd: r.usd }],
          evidence: (usd) =>
            `${r.call.id} continues ${r.prev.id} (${Math.round(r.gapMs / 1000)} s later) but read nothing from the cache${cause === UNSEEN ? '' : ` because ${cause}`}: its ${r.tokens}-token prefix was paid again; a hit would have saved ${usdText(usd)}`,
        },
      ];
    });
