/** Small statistics for comparing two groups of sessions: quantiles and a bootstrap interval, seeded (reproducible). */
import { seededRandom } from '../util/seeded-random.js';

export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] ?? 0) + ((s[hi] ?? 0) - (s[lo] ?? 0)) * (pos - lo);
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);


/**
 * A 95% percentile-bootstrap interval for median(after) − median(before): both groups resampled with replacement,
 * `rounds` times. null when a group is empty.
 */
export function bootstrapMedianDiff(before: readonly number[], after: readonly number[], rounds = 2000, seed = 7): [number, number] | null {
  if (before.length === 0 || after.length === 0) return null;
  const next = seededRandom(seed);
  const draw = (xs: readonly number[]): number[] => xs.map(() => xs[Math.floor(next() * xs.length)] ?? 0);
  const diffs: number[] = [];
  for (let i = 0; i < rounds; i++) diffs.push(median(draw(after)) - median(draw(before)));
  return [quantile(diffs, 0.025), quantile(diffs, 0.975)];
}
