import type { TraceCard } from '../compile/card/schema.js';

/**
 * Session selectors applied to cards from the team store (the forms `distill` and `compare` take locally): an id or
 * id prefix, a label, a tag `k=v`; for compare groups also `a,b,c` (any of), `since:DATE` and `until:DATE`.
 */
export function cardMatches(card: TraceCard, selector: string): boolean {
  const s = card.session;
  const eq = selector.indexOf('=');
  if (eq > 0) return s.tags[selector.slice(0, eq)] === selector.slice(eq + 1);
  return s.id.startsWith(selector) || s.label === selector;
}

export function selectCards(cards: readonly TraceCard[], selectors: readonly string[]): TraceCard[] {
  return selectors.length === 0 ? [...cards] : cards.filter((c) => selectors.some((sel) => cardMatches(c, sel)));
}

/** A compare group over team cards; null when a date in it does not parse. */
export function cardGroup(cards: readonly TraceCard[], selector: string): TraceCard[] | null {
  for (const [prefix, keep] of [
    ['since:', (t: number, at: number) => at >= t],
    ['until:', (t: number, at: number) => at < t],
  ] as const) {
    if (!selector.startsWith(prefix)) continue;
    const t = Date.parse(selector.slice(prefix.length));
    if (Number.isNaN(t)) return null;
    return cards.filter((c) => keep(t, Date.parse(c.session.started)));
  }
  return selectCards(cards, selector.split(','));
}
