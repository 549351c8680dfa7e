import type { TraceCard } from '../compile/card/schema.js';
import { maskSecrets } from '../compile/card/mask-secrets.js';
import { toolWord } from './generalize.js';
import type { Evidence, Rule } from './rule.js';
import { REPAIR_ORACLE_TEXT } from './templates.js';

const judged = (c: TraceCard): boolean => c.session.outcome.source === 'oracle' || c.session.outcome.source === 'manual';

/**
 * Repair rules: recurring failures with their oracle evidence, and — where the sessions show one — the corrected
 * action that later worked (a tool call that errored, then a variant that succeeded). Failures are rare and
 * precious, so one judged failure is enough for the oracle rule.
 */
export function repairRules(cards: readonly TraceCard[], minSupport: number): Rule[] {
  const rules: Rule[] = [];
  const failed = cards.filter((c) => c.session.outcome.status === 'failure' && judged(c));
  if (failed.length > 0) {
    rules.push({
      id: 'repair-verify-before-finishing',
      kind: 'repair',
      text: REPAIR_ORACLE_TEXT,
      targets: 'oracle failure',
      support: { sessions: failed.length, occurrences: failed.length },
      saved_usd: null,
      counterfactual: null,
      scope: null,
      evidence: failed.map((c) => ({
        session: c.session.id,
        label: c.session.label,
        steps: c.steps.filter((s) => s.role === 'final_reply').map((s) => s.id).slice(-1),
        wasted_usd: c.totals.cost.total_usd,
        evidence: maskSecrets((c.session.outcome.evidence ?? 'failed').split('\n').slice(-4).join(' ').slice(0, 300)),
      })),
    });
  }
  const repaired = new Map<string, Evidence[]>();
  for (const c of cards) {
    for (const f of c.paper.failed_or_repaired_steps) {
      if (!f.repaired_by) continue;
      const tool = toolWord(f.tool);
      repaired.set(tool, [
        ...(repaired.get(tool) ?? []),
        { session: c.session.id, label: c.session.label, steps: [f.span, f.repaired_by], wasted_usd: null, evidence: `${f.span} failed (${f.error}); ${f.repaired_by} succeeded` },
      ]);
    }
  }
  for (const [tool, evidence] of [...repaired.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const sessions = new Set(evidence.map((e) => e.session)).size;
    if (sessions < minSupport) continue;
    rules.push({
      id: `repair-${tool.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-errors`,
      kind: 'repair',
      text: `When a ${tool} call fails, correct it from the error message the way earlier sessions did, instead of giving up or repeating it.`,
      targets: `${tool} errors`,
      support: { sessions, occurrences: evidence.length },
      saved_usd: null,
      counterfactual: null,
      scope: null,
      evidence,
    });
  }
  return rules;
}
