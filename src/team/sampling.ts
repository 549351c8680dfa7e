import type { TraceCard } from '../compile/card/schema.js';

/**
 * Which sessions' raw exchange bodies go to the team store. Raw bodies are most of the bytes, so by default only
 * where they pay (tail-based sampling, decided once the session's card is known): failed sessions, sessions a
 * guardrail stopped, and sessions whose flags say they wasted at least `minWasteUsd`. `all` and `none` are the two
 * ends. Every call's metadata is pushed whatever this says.
 */
export type RawMode = 'none' | 'tail' | 'all';

export interface RawPolicy {
  mode: RawMode;
  minWasteUsd: number;
}

export const DEFAULT_RAW_POLICY: RawPolicy = { mode: 'tail', minWasteUsd: 0.5 };

/** The sum of the dollars a card's flags say were wasted (unpriced flags count as nothing). */
export function wastedUsd(card: TraceCard): number {
  return card.flags.reduce((sum, f) => sum + (f.wasted_usd ?? 0), 0);
}

/** Why this session's raw bodies are kept, or null when they are not. */
export function rawReason(policy: RawPolicy, card: TraceCard): string | null {
  if (policy.mode === 'none') return null;
  if (policy.mode === 'all') return 'all';
  if (card.session.outcome.status === 'failure') return 'failed';
  if (card.session.stopped_reason) return 'stopped';
  const waste = wastedUsd(card);
  if (waste > 0 && waste >= policy.minWasteUsd) return `waste>=${policy.minWasteUsd}`;
  return null;
}
