/** Money in cards is rounded to 6 decimals (a millionth of a dollar), so cards are byte-stable across runs. */
export function usd6(n: number): number {
  // `+ 0` turns -0 (a tiny negative rounded) into 0, which YAML would otherwise print as -0
  return Math.round(n * 1e6) / 1e6 + 0;
}

/** usd6, keeping null (unpriced) as null. */
export function usd6OrNull(n: number | null): number | null {
  return n === null ? null : usd6(n);
}

/** Ratios in cards: 3 decimals. */
export function ratio3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
