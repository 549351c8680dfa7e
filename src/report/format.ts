/** Small, shared formatting of numbers for terminal views (cards have their own, deterministic rounding). */

export function fmtTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(2)}M`;
}

/** USD with enough digits to be useful for both cheap calls and whole sessions. */
export function fmtUsd(usd: number): string {
  if (usd === 0) return '$0';
  // a cost too small for four decimals is not $0.0000: it was billed
  if (usd > 0 && usd < 0.00005) return '<$0.0001';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  if (usd < 100) return `$${usd.toFixed(3)}`;
  return `$${usd.toFixed(2)}`;
}

/** A cost with the markers every total carries: `$1.234 (+2 unpriced)`, `~$0.01` when estimated. */
export function fmtCost(usd: number | null, unpriced: number, estimated: number): string {
  if (usd === null) return 'unpriced';
  const base = `${estimated > 0 ? '~' : ''}${fmtUsd(usd)}`;
  return unpriced > 0 ? `${base} (+${unpriced} unpriced)` : base;
}

/** A duration as people read it: `420 ms`, `4.2 s`, `12m 05s`, `2h 31m`, `3d 4h`; `unknown` when not measured. */
export function fmtDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return 'unknown';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.floor(s)} s`;
  const totalS = Math.floor(s);
  if (totalS < 3600) return `${Math.floor(totalS / 60)}m ${String(totalS % 60).padStart(2, '0')}s`;
  const totalM = Math.floor(totalS / 60);
  if (totalM < 24 * 60) return `${Math.floor(totalM / 60)}h ${String(totalM % 60).padStart(2, '0')}m`;
  const totalH = Math.floor(totalM / 60);
  return `${Math.floor(totalH / 24)}d ${totalH % 24}h`;
}

/** A whole count with thousands separators: 1,234,567. */
export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
