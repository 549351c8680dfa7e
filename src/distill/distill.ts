import type { TraceCard } from '../compile/card/schema.js';
import { taskSpecificPart } from './generalize.js';
import { preserveRules } from './preserve.js';
import { pruneRules } from './prune.js';
import { repairRules } from './repair.js';
import { IDENTITY_REWRITER, type Rule, type RuleRewriter } from './rule.js';

export interface DistillOptions {
  prune: boolean;
  preserve: boolean;
  repair: boolean;
  minSupport: number;
  rewriter?: RuleRewriter;
}

export interface DistillResult {
  rules: Rule[];
  /** rules dropped, and why (a task-specific word in the text, a prune without counterfactual, a duplicate) */
  rejected: { id: string; reason: string }[];
}

const RANK: Record<Rule['kind'], number> = { repair: 0, prune: 1, preserve: 2 };

/**
 * CostCraft, deterministic: rules from cards, merged with the paper's precedence (repair > prune with a
 * counterfactual > preserve; a prune without one is rejected), deduplicated by text, checked for task-specific words.
 */
export function distill(cards: readonly TraceCard[], o: DistillOptions): DistillResult {
  const candidates = [
    ...(o.repair ? repairRules(cards, o.minSupport) : []),
    ...(o.prune ? pruneRules(cards, o.minSupport) : []),
    ...(o.preserve ? preserveRules(cards, o.minSupport) : []),
  ].map((r) => (o.rewriter ?? IDENTITY_REWRITER).rewrite(r));
  const rules: Rule[] = [];
  const rejected: DistillResult['rejected'] = [];
  const seen = new Set<string>();
  for (const r of [...candidates].sort((a, b) => RANK[a.kind] - RANK[b.kind])) {
    const specific = taskSpecificPart(r.text);
    if (specific) rejected.push({ id: r.id, reason: `text contains ${specific}` });
    else if (r.kind === 'prune' && !r.counterfactual) rejected.push({ id: r.id, reason: 'prune rule without a counterfactual' });
    else if (seen.has(r.text)) rejected.push({ id: r.id, reason: 'duplicate of a higher-precedence rule' });
    else {
      seen.add(r.text);
      rules.push(r);
    }
  }
  return { rules, rejected };
}
