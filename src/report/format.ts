/** Small, shared formatting of numbers for terminal views (cards have their own, deterministic rounding). */

export function fmtTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(2)}M`;
}

/** USD with enough digits to be useful for both cheap calls and whole sessions. */
export function fmtUsd(usd: number): string {
  if (usd === 0) return '$0';
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

export function fmtDuration(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}
