import type { CardStep, TraceCard } from '../compile/card/schema.js';
import type { Rule } from './rule.js';
import { PRESERVE_BEHAVIOURS } from './templates.js';

const TEST_CMD = /\b(npm (run )?test|pnpm test|yarn test|pytest|go test|cargo test|jest|vitest|node [\w./-]*test[\w./-]*|make test|mvn test)\b/;
const EDIT = (s: CardStep): boolean => /^(write|edit|multiedit|write_file|replace|apply_patch)$/i.test(s.name) || /sed -i|(^|[^2&])>{1,2}\s*\w|\btee\b/.test(s.args ?? '');
const READ = (s: CardStep): boolean => /^(read|read_file|view)$/i.test(s.name) || /^(cat|head|tail|sed -n|nl)\b/.test(s.args ?? '');

/** Which of the known good behaviours a session shows, read from its card's steps. */
function behaviours(card: TraceCard): Set<string> {
  const tools = card.steps.filter((s) => s.kind === 'tool' && s.agent === 'main');
  const lastEdit = tools.map(EDIT).lastIndexOf(true);
  const firstEdit = tools.findIndex(EDIT);
  const out = new Set<string>();
  if (lastEdit >= 0 && tools.slice(lastEdit + 1).some((s) => TEST_CMD.test(s.args ?? ''))) out.add('tests_before_finish');
  if (firstEdit > 0 && tools.slice(0, firstEdit).some(READ)) out.add('read_before_edit');
  return out;
}

function scopeOf(card: TraceCard): Record<string, string> {
  return Object.keys(card.session.tags).length ? card.session.tags : { label: card.session.label ?? 'unlabelled' };
}

/**
 * Preserve rules: behaviours present in (almost) all successful sessions of a kind of task and absent or rare in
 * its failed ones. Each is scoped to the tags (or label) it came from: they did not transfer across task types.
 */
export function preserveRules(cards: readonly TraceCard[], minSupport: number): Rule[] {
  const scopes = new Map<string, TraceCard[]>();
  for (const c of cards) {
    const key = JSON.stringify(scopeOf(c));
    scopes.set(key, [...(scopes.get(key) ?? []), c]);
  }
  const rules: Rule[] = [];
  for (const [key, group] of [...scopes.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const ok = group.filter((c) => c.session.outcome.status === 'success');
    const bad = group.filter((c) => c.session.outcome.status === 'failure');
    if (ok.length < minSupport || bad.length === 0) continue;
    for (const b of PRESERVE_BEHAVIOURS) {
      const okWith = ok.filter((c) => behaviours(c).has(b.id));
      const badWith = bad.filter((c) => behaviours(c).has(b.id));
      if (okWith.length < minSupport || okWith.length / ok.length < 0.8 || badWith.length / bad.length > 0.5) continue;
      rules.push({
        id: `preserve-${b.id.replace(/_/g, '-')}`,
        kind: 'preserve',
        text: b.text,
        targets: b.id,
        support: { sessions: okWith.length, occurrences: okWith.length },
        saved_usd: null,
        counterfactual: null,
        scope: JSON.parse(key) as Record<string, string>,
        evidence: [...okWith, ...bad].map((c) => ({
          session: c.session.id,
          label: c.session.label,
          steps: [],
          wasted_usd: null,
          evidence: `${c.session.outcome.status}: ${behaviours(c).has(b.id) ? 'did' : 'did not'} ${b.text.toLowerCase()}`,
        })),
      });
    }
  }
  return rules;
}
