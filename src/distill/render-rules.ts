import { coverage, type DistillResult } from './distill.js';
import { PRESERVE_WARNING, type Dropped, type Rule, type SettingAdvice } from './rule.js';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** Rules for people to read in the terminal: each with its support, the dollars it rests on, and its counterfactual. */
export function renderRulesMarkdown(rules: readonly Rule[]): string {
  if (rules.length === 0) return 'No rule has enough support yet.\n';
  const out: string[] = [];
  for (const r of rules) {
    out.push(`- [${r.kind}] ${r.text}`);
    out.push(
      `  support: ${r.support.sessions} session(s), ${r.support.occurrences} occurrence(s)${r.saved_usd ? `; rests on $${r.saved_usd.total.toFixed(4)} of waste (${pct(r.saved_usd.share_of_spend)} of the spend read, median ${pct(r.saved_usd.median_share_of_session)} of a session)` : ''}`,
    );
    if (r.counterfactual) out.push(`  counterfactual: ${r.counterfactual}`);
    if (r.kind === 'repair') {
      const spent = r.evidence.reduce<number | null>((n, e) => (n === null || e.wasted_usd === null ? null : n + e.wasted_usd), 0);
      out.push(`  evidence: ${r.evidence[0]?.evidence ?? ''}`);
      out.push(`  the failed session(s) cost ${spent === null ? 'an unknown amount (unpriced calls)' : `$${spent.toFixed(2)}`}, spent without a result`);
    }
    if (r.scope) out.push(`  scope: ${Object.entries(r.scope).map(([k, v]) => `${k}=${v}`).join(', ')} — ${PRESERVE_WARNING}`);
  }
  return `${out.join('\n')}\n`;
}

/** The settings section: advice for the people who run the agents, never written into AGENTS.md. */
export function renderSettings(settings: readonly SettingAdvice[]): string {
  if (settings.length === 0) return '';
  const out = ['', 'Settings (for the people who run the agents; not written to AGENTS.md):'];
  for (const s of settings) {
    out.push(`- $${s.usd.toFixed(2)} (${pct(s.share_of_spend)} of the spend read, ${s.occurrences} time(s) in ${s.sessions.length} session(s)): ${s.problem}`);
    out.push(`  change: ${s.setting}`);
  }
  return `${out.join('\n')}\n`;
}

/** One summary line: what the rules and advice rest on, against all the waste flags found. */
export function renderCoverage(r: DistillResult): string {
  const waste = r.rules.filter((x) => x.saved_usd);
  const rules = waste.reduce((n, x) => n + (x.saved_usd?.total ?? 0), 0);
  const repairs = r.rules.filter((x) => x.kind === 'repair').length;
  const settings = r.settings.reduce((n, x) => n + x.usd, 0);
  const ruleText = `${waste.length} rule(s) resting on $${rules.toFixed(2)} of waste${repairs ? ` (and ${repairs} repair rule(s) from failures)` : ''}`;
  return `${ruleText}, ${r.settings.length} setting(s) on $${settings.toFixed(2)}: ${pct(coverage(r))} of the $${r.flaggedUsd.toFixed(2)} the flags found, in $${r.spendUsd.toFixed(2)} of spend\n`;
}

/** --explain: every candidate that was not emitted, and why. */
export function renderDropped(dropped: readonly Dropped[], emitted: number): string {
  if (dropped.length === 0) return emitted > 0 ? 'Every candidate was emitted.\n' : 'No candidate rule came up.\n';
  return `${dropped.map((d) => `- ${d.id}: ${d.reason}`).join('\n')}\n`;
}
