const STOP = new Set([
  'this', 'that', 'with', 'from', 'have', 'were', 'will', 'would', 'there', 'their', 'what', 'when', 'which', 'your',
  'about', 'into', 'then', 'than', 'they', 'been', 'also', 'only', 'some', 'such', 'each', 'file', 'files', 'here',
  'these', 'those', 'should', 'could', 'does', 'done', 'found', 'using', 'used',
]);

/** The distinctive words of a text: lower-cased words of 4+ characters (identifiers included), stop words out. */
export function distinctWords(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[a-z][a-z0-9_-]{3,}/g) ?? []).filter((w) => !STOP.has(w)));
}

/** Share (0..1) of `answer`'s words that appear in `used`; 0 for an empty answer. */
export function overlapShare(answer: ReadonlySet<string>, used: ReadonlySet<string>): number {
  if (answer.size === 0) return 0;
  let shared = 0;
  for (const w of answer) if (used.has(w)) shared++;
  return shared / answer.size;
}
