/** Money in cards is rounded to 6 decimals (a millionth of a dollar), so cards are byte-stable across runs. */
export function usd6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

export function usd6OrNull(n: number | null): number | null {
  return n === null ? null : usd6(n);
}

export function ratio3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
