import { PRESERVE_WARNING, type Rule } from './rule.js';

/** Rules for people to read in the terminal: each with its support, saving and counterfactual. */
export function renderRulesMarkdown(rules: readonly Rule[]): string {
  if (rules.length === 0) return 'No rule has enough support yet (try more sessions, or --min-support 1).\n';
  const out: string[] = [];
  for (const r of rules) {
    out.push(`- [${r.kind}] ${r.text}`);
    out.push(`  support: ${r.support.sessions} session(s), ${r.support.occurrences} occurrence(s)${r.saved_usd ? `; would have saved $${r.saved_usd.total.toFixed(4)} (median ${(r.saved_usd.median_share_of_session * 100).toFixed(1)}% of a session)` : ''}`);
    if (r.counterfactual) out.push(`  counterfactual: ${r.counterfactual}`);
    if (r.scope) out.push(`  scope: ${Object.entries(r.scope).map(([k, v]) => `${k}=${v}`).join(', ')} — ${PRESERVE_WARNING}`);
  }
  return `${out.join('\n')}\n`;
}
