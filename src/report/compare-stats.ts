/** Small statistics for comparing two groups of sessions: quantiles and a bootstrap interval, seeded (reproducible). */

export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] ?? 0) + ((s[hi] ?? 0) - (s[lo] ?? 0)) * (pos - lo);
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);

/** mulberry32: a tiny seeded generator, so the same data always gives the same interval. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A 95% percentile-bootstrap interval for median(after) − median(before): both groups resampled with replacement,
 * `rounds` times. null when a group is empty.
 */
export function bootstrapMedianDiff(before: readonly number[], after: readonly number[], rounds = 2000, seed = 7): [number, number] | null {
  if (before.length === 0 || after.length === 0) return null;
  const next = rng(seed);
  const draw = (xs: readonly number[]): number[] => xs.map(() => xs[Math.floor(next() * xs.length)] ?? 0);
  const diffs: number[] = [];
  for (let i = 0; i < rounds; i++) diffs.push(median(draw(after)) - median(draw(before)));
  return [quantile(diffs, 0.025), quantile(diffs, 0.975)];
}
