import { THRESHOLDS } from './thresholds.js';

/** Normalized Levenshtein similarity in [0, 1] on the leading characters (enough to tell arguments apart). */
export function similarity(a: string, b: string): number {
  const x = a.slice(0, THRESHOLDS.similarityChars);
  const y = b.slice(0, THRESHOLDS.similarityChars);
  if (x === y) return 1;
  const max = Math.max(x.length, y.length);
  if (max === 0) return 1;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x.charCodeAt(i - 1) === y.charCodeAt(j - 1) ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return 1 - (prev[y.length] ?? max) / max;
}

const counts = new Int32Array(128);

/** Half the L1 distance of the two texts' character counts: a lower bound of their edit distance, in O(n). */
function histogramBound(x: string, y: string): number {
  counts.fill(0);
  for (let i = 0; i < x.length; i++) {
    const c = x.charCodeAt(i) & 127;
    counts[c] = (counts[c] ?? 0) + 1;
  }
  for (let i = 0; i < y.length; i++) {
    const c = y.charCodeAt(i) & 127;
    counts[c] = (counts[c] ?? 0) - 1;
  }
  let l1 = 0;
  for (const c of counts) l1 += Math.abs(c);
  return l1 / 2;
}

const PROFILE_CACHE_LIMIT = 50_000;
const profiles = new Map<string, Int32Array>();

/** The text's character trigrams as sorted codes (cached: the same arguments are compared many times). */
function trigramProfile(x: string): Int32Array {
  const cached = profiles.get(x);
  if (cached) return cached;
  const codes = new Int32Array(Math.max(0, x.length - 2));
  for (let i = 0; i + 2 < x.length; i++) codes[i] = ((x.charCodeAt(i) * 65599 + x.charCodeAt(i + 1)) * 65599 + x.charCodeAt(i + 2)) | 0;
  codes.sort();
  if (profiles.size >= PROFILE_CACHE_LIMIT) profiles.clear();
  profiles.set(x, codes);
  return codes;
}

/** How many trigrams (with multiplicity) two texts share: a merge of their sorted profiles. */
function sharedTrigrams(x: string, y: string): number {
  const a = trigramProfile(x);
  const b = trigramProfile(y);
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const u = a[i] ?? 0;
    const v = b[j] ?? 0;
    if (u === v) {
      shared++;
      i++;
      j++;
    } else if (u < v) i++;
    else j++;
  }
  return shared;
}

/** Whether the edit distance of x and y is at most k: a band of width 2k+1, stopping once a row exceeds k. */
function withinDistance(x: string, y: string, k: number): boolean {
  const n = x.length;
  const m = y.length;
  if (Math.abs(n - m) > k) return false;
  const big = k + 1;
  let prev = new Int32Array(m + 1).fill(big);
  let cur = new Int32Array(m + 1).fill(big);
  for (let j = 0; j <= Math.min(m, k); j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - k);
    const hi = Math.min(m, i + k);
    cur[0] = i <= k ? i : big;
    cur[lo - 1] = lo === 1 ? cur[0] : big;
    let rowMin = lo === 1 ? cur[0] : big;
    const xc = x.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const v = Math.min((prev[j] ?? big) + 1, (cur[j - 1] ?? big) + 1, (prev[j - 1] ?? big) + (xc === y.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v > big ? big : v;
      if (v < rowMin) rowMin = v;
    }
    if (hi < m) cur[hi + 1] = big;
    if (rowMin > k) return false;
    [prev, cur] = [cur, prev];
  }
  return (prev[m] ?? big) <= k;
}

/**
 * Whether two texts are at least `min` similar (the same measure as `similarity`), cheaply: length, character
 * counts and shared trigrams reject most pairs in linear time; the rest run a banded edit distance that stops early.
 */
export function similarAtLeast(a: string, b: string, min: number): boolean {
  const x = a.slice(0, THRESHOLDS.similarityChars);
  const y = b.slice(0, THRESHOLDS.similarityChars);
  if (x === y) return true;
  const max = Math.max(x.length, y.length);
  const k = Math.floor((1 - min) * max + 1e-9);
  if (Math.abs(x.length - y.length) > k || histogramBound(x, y) > k) return false;
  // q-gram lemma: within distance k, the texts share at least max − 2 − 3k trigrams (one edit breaks at most 3)
  const needShared = max - 2 - 3 * k;
  if (needShared > 0 && sharedTrigrams(x, y) < needShared) return false;
  return withinDistance(x, y, k);
}
