import chalk from 'chalk';

/**
 * Tables that fit the terminal: columns separated by two spaces, the lowest-priority columns dropped and the flexible
 * one cut (with …) until the table fits the width; without a width (piped output) every column is kept whole.
 */

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** higher survives longer when the table is too wide */
  priority: number;
  /** this column is cut to make room (one per table at most) */
  flex?: boolean;
  /** the flexible column is cut to this width before columns less important than it are dropped (default 40) */
  prefWidth?: number;
  /** the narrowest the flexible column gets before more important columns are dropped (default 12) */
  minWidth?: number;
}

export type RowStyle = 'normal' | 'total' | 'sub';

export interface Row {
  cells: string[];
  style?: RowStyle;
}

const SEP = '  ';

/** Columns a terminal gives one character (East Asian wide characters and most emoji take two). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 32 || (c >= 0x7f && c < 0xa0) || (c >= 0x300 && c < 0x370) || c === 0x200d || (c >= 0xfe00 && c <= 0xfe0f)) continue;
    w += isWide(c) ? 2 : 1;
  }
  return w;
}

function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x1f300 && c <= 0x1faff) ||
    (c >= 0x20000 && c <= 0x3fffd)
  );
}

/** The text cut to at most `width` columns, ending in … when cut. */
export function cutToWidth(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  if (width <= 0) return '';
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = displayWidth(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

function pad(s: string, width: number, align: 'left' | 'right'): string {
  const gap = Math.max(0, width - displayWidth(s));
  return align === 'right' ? ' '.repeat(gap) + s : s + ' '.repeat(gap);
}

/**
 * Which columns to keep and how wide each is, for a width (null = no limit): the flexible column first gives up what
 * it has beyond its preferred width, then columns less important than it go, then it shrinks to its minimum, then
 * the least important of the rest go.
 */
function layout(columns: readonly Column[], natural: readonly number[], width: number | null): { keep: number[]; widths: number[] } {
  let keep = columns.map((_, i) => i);
  const widths = [...natural];
  if (width === null) return { keep, widths };
  const flex = columns.findIndex((c) => c.flex);
  const total = (): number => keep.reduce((n, i) => n + (widths[i] ?? 0), 0) + SEP.length * (keep.length - 1);
  const squeeze = (floor: number): void => {
    if (flex < 0 || !keep.includes(flex)) return;
    const over = total() - width;
    if (over > 0) widths[flex] = Math.max(Math.min(floor, natural[flex] ?? 0), (widths[flex] ?? 0) - over);
  };
  const dropBelow = (priority: number): boolean => {
    const candidates = keep.filter((i) => i !== flex && (columns[i]?.priority ?? 0) < priority);
    if (candidates.length === 0) return false;
    let drop = candidates[0] ?? 0;
    for (const i of candidates) if ((columns[i]?.priority ?? 0) <= (columns[drop]?.priority ?? 0)) drop = i;
    keep = keep.filter((i) => i !== drop);
    return true;
  };
  const flexCol = flex >= 0 ? columns[flex] : undefined;
  squeeze(flexCol?.prefWidth ?? 40);
  while (total() > width && flexCol && dropBelow(flexCol.priority)) squeeze(flexCol.prefWidth ?? 40);
  squeeze(flexCol?.minWidth ?? 12);
  while (total() > width && keep.length > 1) {
    // the least important column goes, the flexible one included once it is the least important
    const rest = keep.filter((i) => i !== flex);
    const lowest = rest.reduce((m, i) => Math.min(m, columns[i]?.priority ?? 0), Number.POSITIVE_INFINITY);
    if (flexCol && keep.includes(flex) && (rest.length === 0 || flexCol.priority < lowest)) keep = rest;
    else dropBelow(Number.POSITIVE_INFINITY);
    if (flex >= 0) widths[flex] = natural[flex] ?? 0;
    squeeze(flexCol?.minWidth ?? 12);
  }
  // give the flexible column back what the dropped columns left free
  if (flex >= 0 && keep.includes(flex)) widths[flex] = Math.min(natural[flex] ?? 0, (widths[flex] ?? 0) + Math.max(0, width - total()));
  return { keep, widths };
}

export interface TableOptions {
  /** terminal width; null = piped: plain, complete, no rules */
  width: number | null;
}

/** Renders the table (header, rule, rows; a rule before total rows) as text ending in a newline. */
export function renderTable(columns: readonly Column[], rows: readonly Row[], opts: TableOptions): string {
  const natural = columns.map((c, i) => Math.max(displayWidth(c.header), ...rows.map((r) => displayWidth(r.cells[i] ?? ''))));
  const { keep, widths } = layout(columns, natural, opts.width);
  const line = (cells: readonly string[]): string =>
    keep
      .map((i) => pad(cutToWidth(cells[i] ?? '', widths[i] ?? 0), widths[i] ?? 0, columns[i]?.align ?? 'left'))
      .join(SEP)
      .replace(/\s+$/, '');
  const ruleWidth = keep.reduce((n, i) => n + (widths[i] ?? 0), 0) + SEP.length * (keep.length - 1);
  const rule = chalk.dim('─'.repeat(ruleWidth));
  const out: string[] = [chalk.bold(line(columns.map((c) => c.header)))];
  if (opts.width !== null) out.push(rule);
  let ruled = false;
  for (const r of rows) {
    const text = line(r.cells);
    if (r.style === 'total') {
      if (opts.width !== null && !ruled) out.push(rule);
      ruled = true;
      out.push(chalk.bold(text));
    } else out.push(r.style === 'sub' ? chalk.dim(text) : text);
  }
  return `${out.join('\n')}\n`;
}

/** Columns whose cells are all empty are left out (with their cells). */
export function dropEmptyColumns(columns: readonly Column[], rows: readonly Row[], keepAlways: (c: Column) => boolean = () => false): { columns: Column[]; rows: Row[] } {
  const keep = columns.map((c, i) => keepAlways(c) || rows.some((r) => (r.cells[i] ?? '') !== ''));
  return {
    columns: columns.filter((_, i) => keep[i]),
    rows: rows.map((r) => ({ ...r, cells: r.cells.filter((_, i) => keep[i]) })),
  };
}

/** The width to fit: the terminal's, or COLUMNS when set (tests, `watch`), else none (piped: plain and complete). */
export function outputWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout, env: NodeJS.ProcessEnv = process.env): number | null {
  if (stream.isTTY && stream.columns) return stream.columns;
  const cols = Number.parseInt(env['COLUMNS'] ?? '', 10);
  return Number.isFinite(cols) && cols > 0 ? cols : null;
}

/** Short notes under a table, joined with · on as few lines as fit the width. */
export function noteLines(notes: readonly string[], width: number | null): string {
  const lines: string[] = [];
  for (const n of notes) {
    const last = lines[lines.length - 1];
    if (last !== undefined && (width === null || displayWidth(last) + 3 + displayWidth(n) <= width)) lines[lines.length - 1] = `${last} · ${n}`;
    else lines.push(n);
  }
  return lines.map((l) => `${l}\n`).join('');
}
