/** Numbers as the page prints them: the terminal views' formats, and "unpriced" wherever a price is missing. */
import { fmtCost, fmtDuration, fmtTokens, fmtUsd } from '../../format.js';

export { fmtDuration, fmtTokens, fmtUsd };

/** `$1.234`, `$1.234 (+2 unpriced)`, `~$0.01` when estimated, `unpriced` when nothing could be priced. */
export function money(usd: number | null, unpriced = 0, estimated = 0): string {
  if (usd === null) return unpriced > 1 ? `unpriced (${unpriced} calls)` : 'unpriced';
  return fmtCost(usd, unpriced, estimated);
}

/** A part of a cost: tiny but not zero shows as such, not as $0.0000. */
export function usdPart(v: number): string {
  return v > 0 && v < 0.00005 ? '<$0.0001' : fmtUsd(v);
}

export function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

/** Tick values from 0 to at least `max`, about `count` of them, on 1-2-5 steps. */
export function ticks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  if ((out[out.length - 1] ?? 0) < max) out.push(out.length * step);
  return out;
}

/** A USD tick label: short, for an axis. */
export function usdTick(v: number): string {
  if (v === 0) return '$0';
  if (v < 0.01) return `$${v.toPrecision(2).replace(/0+$/, '')}`;
  return v < 10 ? `$${v.toFixed(2)}` : `$${Math.round(v)}`;
}

const INTEGER = new Intl.NumberFormat('en-US');

/** 1,234 (one formatter for the page: toLocaleString builds a new one per call). */
export function int(n: number): string {
  return INTEGER.format(n);
}

export function plural(n: number, word: string): string {
  return `${int(n)} ${word}${n === 1 ? '' : 's'}`;
}
