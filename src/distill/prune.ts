import type { Flag, TraceCard } from '../compile/card/schema.js';
import { median, round3, round6, type Dropped, type Evidence, type Rule } from './rule.js';
import { PRUNE_PATTERNS, type PrunePattern } from './templates.js';

/** Flag kinds that are the agent's own choices: the rest (cache, model, thinking settings) are advice for people. */
export const AGENT_KINDS = new Set<Flag['kind']>(['tool_loop', 'error_retry', 'reread_unchanged', 'duplicate_tool_call', 'subagent_overlap', 'oversized_output']);

interface Instance {
  card: TraceCard;
  flag: Flag;
}

/** The step a prune removes: the repeat (a flag's last step), never the first call it repeats or a corrected call. */
export function removableStep(f: Flag): string {
  return f.steps[f.steps.length - 1] ?? '';
}

/** Evidence from a judged success (oracle or a person) is strong; a success only by exit code, or with no dollars, is weak. */
function strong(i: Instance): boolean {
  const o = i.card.session.outcome;
  return o.status === 'success' && o.source !== 'exit_code' && o.source !== 'none' && i.flag.wasted_usd !== null;
}

function counterfactual(best: Instance, pattern: PrunePattern): string {
  const f = best.flag;
  const s = best.card.session;
  const step = removableStep(f);
  const first = f.steps.length > 1 ? `, which repeated ${f.steps[0]}` : '';
  const how = s.outcome.source === 'exit_code' ? 'by its exit code, a weak signal' : `by ${s.outcome.source}`;
  return (
    `removing step ${step} of session ${s.label ?? s.id} (${f.target}${first}; $${(f.wasted_usd ?? 0).toFixed(4)} wasted) ` +
    `would not have changed the outcome: the session succeeded (${how}) and ${pattern.why}`
  );
}

/**
 * Prune rules: one per pattern of avoidable work (whatever tool or agent did it), from flags of successful sessions,
 * each with support, the dollars of its evidence, and a counterfactual against the costliest repeat. A pattern seen
 * in fewer sessions than `minSupport`, or resting mostly on weak evidence, makes no rule (and says why).
 */
export function pruneRules(cards: readonly TraceCard[], minSupport: number, spend: number, dropped: Dropped[]): Rule[] {
  const groups = new Map<PrunePattern, Instance[]>();
  for (const card of cards) {
    if (card.session.outcome.status !== 'success') continue;
    for (const flag of card.flags) {
      if (!AGENT_KINDS.has(flag.kind)) continue;
      const pattern = PRUNE_PATTERNS.find((p) => p.takes(flag));
      if (pattern) groups.set(pattern, [...(groups.get(pattern) ?? []), { card, flag }]);
    }
  }
  const rules: Rule[] = [];
  for (const pattern of PRUNE_PATTERNS) {
    const instances = groups.get(pattern);
    if (!instances) continue;
    const id = `prune-${pattern.id}`;
    const sessions = new Map<string, Instance[]>();
    for (const i of instances) sessions.set(i.card.session.id, [...(sessions.get(i.card.session.id) ?? []), i]);
    if (sessions.size < minSupport) {
      dropped.push({ id, reason: `seen in ${sessions.size} successful session(s), fewer than --min-support ${minSupport}` });
      continue;
    }
    const strongOnes = instances.filter(strong);
    if (strongOnes.length * 2 < instances.length) {
      dropped.push({ id, reason: `${instances.length - strongOnes.length} of ${instances.length} instances are weak (success only by exit code, or unpriced)` });
      continue;
    }
    const best = [...strongOnes].sort((a, b) => (b.flag.wasted_usd ?? 0) - (a.flag.wasted_usd ?? 0) || a.card.session.id.localeCompare(b.card.session.id))[0];
    if (!best) continue;
    const total = instances.reduce((n, i) => n + (i.flag.wasted_usd ?? 0), 0);
    const shares = [...sessions.values()].map((list) => {
      const cost = list[0]?.card.totals.cost.total_usd ?? 0;
      return cost > 0 ? list.reduce((n, i) => n + (i.flag.wasted_usd ?? 0), 0) / cost : 0;
    });
    const evidence: Evidence[] = instances.map((i) => ({
      session: i.card.session.id,
      label: i.card.session.label,
      steps: i.flag.steps,
      wasted_usd: i.flag.wasted_usd,
      evidence: i.flag.evidence,
    }));
    rules.push({
      id,
      kind: 'prune',
      text: pattern.text,
      targets: [...new Set(instances.map((i) => `${i.flag.kind} on ${i.flag.target}`))].sort().join(', '),
      support: { sessions: sessions.size, occurrences: instances.length },
      saved_usd: { total: round6(total), median_share_of_session: round3(median(shares)), share_of_spend: spend > 0 ? round3(total / spend) : 0 },
      counterfactual: counterfactual(best, pattern),
      scope: null,
      evidence,
    });
  }
  return rules;
}
