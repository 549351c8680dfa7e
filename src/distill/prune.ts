import type { Flag, TraceCard } from '../compile/card/schema.js';
import { toolWord } from './generalize.js';
import type { Evidence, Rule } from './rule.js';
import { PRUNE_TEMPLATES } from './templates.js';

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

interface Instance {
  card: TraceCard;
  flag: Flag;
}

function counterfactual(best: Instance): string {
  const f = best.flag;
  const template = PRUNE_TEMPLATES[f.kind];
  const step = f.steps[f.steps.length - 1];
  const first = f.steps[0];
  const s = best.card.session;
  const detail = `${f.target} repeating ${first}`;
  const how = s.outcome.source === 'exit_code' ? 'by its exit code, a weak signal' : `by ${s.outcome.source}`;
  return (
    `removing step ${step} of session ${s.label ?? s.id} (${detail}, $${(f.wasted_usd ?? 0).toFixed(4)} wasted) ` +
    `would not have changed the outcome: the session succeeded (${how}) and ${template?.why ?? 'the step was redundant'}`
  );
}

/**
 * Prune rules: flags that recur across successful sessions, one generalized rule per (flag kind, tool), each with
 * support, the USD it would have saved, evidence, and a counterfactual grounded in the costliest instance. A pattern
 * seen only in failed or unjudged sessions makes no rule: there is no success to argue from.
 */
export function pruneRules(cards: readonly TraceCard[], minSupport: number): Rule[] {
  const groups = new Map<string, Instance[]>();
  for (const card of cards) {
    if (card.session.outcome.status !== 'success') continue;
    for (const flag of card.flags) {
      if (!PRUNE_TEMPLATES[flag.kind]) continue;
      const tool = toolWord(flag.target.split(':')[0] ?? flag.target);
      const key = `${flag.kind}\u0000${tool}`;
      groups.set(key, [...(groups.get(key) ?? []), { card, flag }]);
    }
  }
  const rules: Rule[] = [];
  for (const [key, instances] of [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const [kind = '', tool = 'tool'] = key.split('\u0000');
    const template = PRUNE_TEMPLATES[kind as Flag['kind']];
    const sessions = new Map<string, Instance[]>();
    for (const i of instances) sessions.set(i.card.session.id, [...(sessions.get(i.card.session.id) ?? []), i]);
    if (!template || sessions.size < minSupport) continue;
    const best = [...instances].sort((a, b) => (b.flag.wasted_usd ?? 0) - (a.flag.wasted_usd ?? 0) || a.card.session.id.localeCompare(b.card.session.id))[0];
    if (!best || best.flag.steps.length === 0) continue;
    const total = instances.reduce((n, i) => n + (i.flag.wasted_usd ?? 0), 0);
    const shares = [...sessions.values()].map((list) => {
      const sessionCost = list[0]?.card.totals.cost.total_usd ?? 0;
      const wasted = list.reduce((n, i) => n + (i.flag.wasted_usd ?? 0), 0);
      return sessionCost > 0 ? wasted / sessionCost : 0;
    });
    const evidence: Evidence[] = instances.map((i) => ({
      session: i.card.session.id,
      label: i.card.session.label,
      steps: i.flag.steps,
      wasted_usd: i.flag.wasted_usd,
      evidence: i.flag.evidence,
    }));
    rules.push({
      id: `prune-${kind.replace(/_/g, '-')}-${tool.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      kind: 'prune',
      text: template.text(tool),
      targets: `${kind} on ${tool}`,
      support: { sessions: sessions.size, occurrences: instances.length },
      saved_usd: { total: Math.round(total * 1e6) / 1e6, median_share_of_session: Math.round(median(shares) * 1000) / 1000 },
      counterfactual: counterfactual(best),
      scope: null,
      evidence,
    });
  }
  return rules;
}
