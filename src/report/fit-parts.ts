import { cutToWidth, displayWidth } from './table.js';

/** A piece of a line: its text, how to colour it, and whether it may go (higher `drop` goes first) or be cut. */
export interface Part {
  text: string;
  style?: (s: string) => string;
  drop?: number;
  cut?: boolean;
}

const SEP = '  ';

/**
 * The parts joined by two spaces. With a width, the parts that may go are left out (highest `drop` first) and then the
 * cuttable one is cut, until the line fits; colours are applied after, so they never count as width.
 */
export function fitParts(parts: readonly Part[], width: number | null): string {
  let kept = parts.filter((p) => p.text !== '');
  const len = (ps: readonly Part[]): number => ps.reduce((n, p) => n + displayWidth(p.text), 0) + SEP.length * Math.max(0, ps.length - 1);
  if (width !== null) {
    while (len(kept) > width) {
      const ranks = kept.map((p) => p.drop ?? -1);
      const top = Math.max(...ranks);
      if (top < 0) break;
      const i = ranks.lastIndexOf(top);
      kept = kept.filter((_, j) => j !== i);
    }
    const over = len(kept) - width;
    const c = kept.findIndex((p) => p.cut);
    if (over > 0 && c >= 0) {
      const p = kept[c];
      if (p) kept = kept.map((x, j) => (j === c ? { ...x, text: cutToWidth(p.text, Math.max(4, displayWidth(p.text) - over)) } : x));
    }
  }
  return kept.map((p) => (p.style ? p.style(p.text) : p.text)).join(SEP);
}
