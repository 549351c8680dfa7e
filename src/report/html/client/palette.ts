/**
 * Colours and shapes. Colours are CSS classes (light and dark values live in the stylesheet) from colour-blind-safe
 * palettes: Okabe-Ito for what a call paid for, Paul Tol's "muted" for flag kinds. Colour never carries meaning
 * alone: flag kinds also get a shape, cost parts a fixed bottom-to-top order and a legend, lanes a height.
 */

export const COST_PARTS = [
  { cls: 'c-input', label: 'uncached input' },
  { cls: 'c-cread', label: 'cache read' },
  { cls: 'c-cwrite', label: 'cache write' },
  { cls: 'c-output', label: 'output (reasoning included)' },
] as const;

/** The detectors' kinds in a fixed order, so a kind keeps its colour and shape from session to session. */
const KNOWN_FLAGS = [
  'cache_miss',
  'cache_expiry',
  'duplicate_tool_call',
  'reread_unchanged',
  'tool_loop',
  'error_retry',
  'oversized_output',
  'subagent_overlap',
  'thinking_waste',
  'model_overkill',
];

const FLAG_COLOURS = 8;
const SHAPES = ['circle', 'square', 'triangle', 'diamond', 'down', 'plus'] as const;
export type Shape = (typeof SHAPES)[number];

export interface FlagStyle {
  cls: string;
  shape: Shape;
}

/** A colour class and a shape per flag kind; kinds no detector had when this page was written come after. */
export function flagStyles(kinds: readonly string[]): Map<string, FlagStyle> {
  const present = [...new Set(kinds)];
  const known = KNOWN_FLAGS.filter((k) => present.includes(k));
  const unknown = present.filter((k) => !KNOWN_FLAGS.includes(k)).sort();
  const out = new Map<string, FlagStyle>();
  [...known, ...unknown].forEach((k, i) => out.set(k, { cls: `fc${i % FLAG_COLOURS}`, shape: SHAPES[i % SHAPES.length] ?? 'circle' }));
  return out;
}

/** SVG path data for a shape centred on (x, y) with radius r. */
export function shapePath(shape: Shape, x: number, y: number, r: number): string {
  const f = (n: number): string => String(Math.round(n * 10) / 10);
  switch (shape) {
    case 'circle':
      return `M${f(x - r)} ${f(y)}a${f(r)} ${f(r)} 0 1 0 ${f(2 * r)} 0a${f(r)} ${f(r)} 0 1 0 ${f(-2 * r)} 0z`;
    case 'square':
      return `M${f(x - r * 0.85)} ${f(y - r * 0.85)}h${f(1.7 * r)}v${f(1.7 * r)}h${f(-1.7 * r)}z`;
    case 'triangle':
      return `M${f(x)} ${f(y - r)}L${f(x + r)} ${f(y + r)}L${f(x - r)} ${f(y + r)}z`;
    case 'diamond':
      return `M${f(x)} ${f(y - r)}L${f(x + r)} ${f(y)}L${f(x)} ${f(y + r)}L${f(x - r)} ${f(y)}z`;
    case 'down':
      return `M${f(x)} ${f(y + r)}L${f(x + r)} ${f(y - r)}L${f(x - r)} ${f(y - r)}z`;
    case 'plus': {
      const t = r * 0.38;
      return `M${f(x - t)} ${f(y - r)}h${f(2 * t)}v${f(r - t)}h${f(r - t)}v${f(2 * t)}h${f(t - r)}v${f(r - t)}h${f(-2 * t)}v${f(t - r)}h${f(t - r)}v${f(-2 * t)}h${f(r - t)}z`;
    }
  }
}
