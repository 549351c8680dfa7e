import type { TraceCard } from '../compile/card/schema.js';
import { taskSpecificPart } from './generalize.js';
import { preserveRules } from './preserve.js';
import { pruneRules } from './prune.js';
import { repairRules } from './repair.js';
import { IDENTITY_REWRITER, round3, round6, type Dropped, type Rule, type RuleRewriter, type SettingAdvice } from './rule.js';
import { settingsAdvice } from './settings.js';

export interface DistillOptions {
  prune: boolean;
  preserve: boolean;
  repair: boolean;
  minSupport: number;
  rewriter?: RuleRewriter;
}

export interface DistillResult {
  rules: Rule[];
  settings: SettingAdvice[];
  /** candidates not emitted, and why (too little support, weak evidence, a task-specific word, a duplicate) */
  dropped: Dropped[];
  /** the spend of the sessions read (priced part) */
  spendUsd: number;
  /** dollars the flags of those sessions claim, and the part the rules and advice rest on */
  flaggedUsd: number;
  coveredUsd: number;
  /** when no rule could be learned: why, in one line */
  nothing: string | null;
}

const RANK: Record<Rule['kind'], number> = { repair: 0, prune: 1, preserve: 2 };

/** Why no rule came out (settings advice may still have), in one line: the first thing that is missing. */
function whyNothing(cards: readonly TraceCard[], minSupport: number): string {
  const judged = cards.filter((c) => c.session.outcome.status !== 'unknown');
  if (judged.length === 0) return 'no outcomes known: mark sessions with `clawtrace mark <session> success|failure` or record with --oracle "<check>"';
  const flagged = cards.filter((c) => c.flags.length > 0).length;
  if (flagged === 0) return `no flags in the ${cards.length} session(s) read: nothing wasted that the detectors can prove`;
  if (judged.length < minSupport) return `too few sessions: ${judged.length} judged, and a rule needs ${minSupport} (--min-support)`;
  return 'no pattern has enough support yet (see --explain for each candidate)';
}

/**
 * CostCraft, deterministic: prune and repair rules (preserve only when asked), merged with the paper's precedence
 * (repair > prune with a counterfactual > preserve), checked for task-specific words, and — apart from them — advice
 * on settings for the people who run the agents. Every candidate that is not emitted says why.
 */
export function distill(cards: readonly TraceCard[], o: DistillOptions): DistillResult {
  const dropped: Dropped[] = [];
  const spend = cards.reduce((n, c) => n + (c.totals.cost.total_usd ?? 0), 0);
  const candidates = [
    ...(o.repair ? repairRules(cards, dropped) : []),
    ...(o.prune ? pruneRules(cards, o.minSupport, spend, dropped) : []),
    ...(o.preserve ? preserveRules(cards, o.minSupport) : []),
  ].map((r) => (o.rewriter ?? IDENTITY_REWRITER).rewrite(r));
  const rules: Rule[] = [];
  const seenText = new Set<string>();
  const seenId = new Set<string>();
  for (const r of [...candidates].sort((a, b) => RANK[a.kind] - RANK[b.kind])) {
    const specific = taskSpecificPart(r.text);
    if (specific) dropped.push({ id: r.id, reason: `its text contains ${specific}` });
    else if (r.kind === 'prune' && !r.counterfactual) dropped.push({ id: r.id, reason: 'a prune rule without a counterfactual' });
    else if (seenText.has(r.text) || seenId.has(r.id)) dropped.push({ id: r.id, reason: 'the same as a rule of higher precedence' });
    else {
      seenText.add(r.text);
      seenId.add(r.id);
      rules.push(r);
    }
  }
  const settings = settingsAdvice(cards, spend);
  const flaggedUsd = cards.reduce((n, c) => n + c.flags.reduce((m, f) => m + (f.wasted_usd ?? 0), 0), 0);
  const coveredUsd = rules.reduce((n, r) => n + (r.saved_usd?.total ?? 0), 0) + settings.reduce((n, s) => n + s.usd, 0);
  const nothing = rules.length === 0 ? whyNothing(cards, o.minSupport) : null;
  return { rules, settings, dropped, spendUsd: round6(spend), flaggedUsd: round6(flaggedUsd), coveredUsd: round6(coveredUsd), nothing };
}

/** The share of the flagged dollars the rules and advice rest on (0..1, 3 decimals). */
export function coverage(r: DistillResult): number {
  return r.flaggedUsd > 0 ? round3(Math.min(1, r.coveredUsd / r.flaggedUsd)) : 0;
}
