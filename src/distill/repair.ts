import type { TraceCard } from '../compile/card/schema.js';
import { maskSecrets } from '../util/secrets.js';
import type { Dropped, Evidence, Rule } from './rule.js';

/**
 * What a failure's evidence says went wrong, and what to do about it. The situation is read from the failure's own
 * words — the oracle's output, the note a person left with `clawtrace mark`, the errors of the steps that failed —
 * so a repair rule names what happened, never a stock sentence; a failure whose evidence matches no cause makes none.
 */
interface Cause {
  id: string;
  matches: RegExp;
  /** read only in the outcome's own evidence (a person's or an oracle's words), never in step errors */
  judgedOnly?: true;
  when: string;
  then: string;
}

const CAUSES: readonly Cause[] = [
  { id: 'tests-failing', matches: /\b(\d+ (failing|failed)|tests? (failed|fail)|FAIL\b|AssertionError|assert(ion)? failed|expected .{1,40} (but|to) )/i, when: 'the tests still failed when the task was reported done', then: 'run the tests after your last change and keep fixing until they pass before you report success' },
  { id: 'build-broken', matches: /\b(compil(e|ation) error|build failed|error TS\d+|SyntaxError|cannot find module|undefined reference)/i, when: 'the code did not build when the task was reported done', then: 'build or type-check after your last change and fix every error before you report success' },
  { id: 'push-rejected', matches: /\b(push|git push)\b[^\n]{0,120}\b(rejected|no upstream|denied|non-fast-forward|failed)|\b(rejected|no upstream branch|non-fast-forward)\b[\s\S]{0,80}\bpush/i, when: 'a push was rejected or had no upstream branch', then: 'read why the push failed (no upstream branch, rejected, no permission), fix that cause, and check that the push went through before you report it done' },
  { id: 'rate-limited', matches: /\b(rate.?limit|429|too many requests|overloaded|quota)\b/i, when: 'the provider refused requests for a rate limit or quota', then: 'wait and retry the same request, and report that you were rate-limited instead of giving up or claiming the work is done' },
  { id: 'permission-denied', matches: /\b(permission denied|EACCES|not permitted|sandbox denied)\b/i, when: 'a command was denied by permissions or the sandbox', then: 'ask for the permission or change the approach, and say so in your report instead of claiming the step happened' },
  { id: 'wrong-report', judgedOnly: true, matches: /\b(wrong|incorrect|inaccurate|did not|didn't|claimed|hallucinat|not what|missing)\b/i, when: 'the final report did not match what was done', then: 'check every claim of your final report against the files and the command output before you send it' },
];

const judged = (c: TraceCard): boolean => c.session.outcome.source === 'oracle' || c.session.outcome.source === 'manual';

/**
 * What went wrong, from the failure's own words: first its outcome evidence (oracle output, a person's note), then the
 * errors of its failed steps. The cause and the line that shows it, or null.
 */
function findCause(c: TraceCard): { cause: Cause; line: string; steps: string[] } | null {
  const failed = c.steps.filter((s) => s.error !== null && s.error !== 'no result returned');
  const steps = failed.map((s) => s.id).slice(-3);
  const sources = [{ text: c.session.outcome.evidence ?? '', judged: true }, ...failed.map((s) => ({ text: s.error ?? '', judged: false }))];
  for (const { text, judged: own } of sources) {
    const cause = CAUSES.find((k) => (own || !k.judgedOnly) && k.matches.test(text));
    if (cause) return { cause, line: text.split('\n').find((l) => cause.matches.test(l)) ?? text, steps };
  }
  return null;
}

const oneLine = (t: string, max: number): string => maskSecrets(t.replace(/\s+/g, ' ').trim().slice(0, max));

/**
 * Repair rules: for failed sessions judged by an oracle or a person, the causes their evidence shows, each a rule
 * "when <what happened>, <what to do>", backed by the evidence that said so. No evidence, no rule.
 */
export function repairRules(cards: readonly TraceCard[], dropped: Dropped[]): Rule[] {
  const failed = cards.filter((c) => c.session.outcome.status === 'failure' && judged(c));
  const byCause = new Map<Cause, Evidence[]>();
  for (const c of failed) {
    const found = findCause(c);
    if (!found) {
      const said = oneLine(c.session.outcome.evidence ?? '', 60);
      const what = said && said !== 'marked by hand' ? `"${said}", and no failed step with a known cause` : 'no note (clawtrace mark --note), and no failed step with a known cause';
      dropped.push({ id: `repair-${c.session.id}`, reason: `the failure of ${c.session.label ?? c.session.id} says nothing a rule can act on (${what})` });
      continue;
    }
    const { cause, line, steps } = found;
    byCause.set(cause, [...(byCause.get(cause) ?? []), { session: c.session.id, label: c.session.label, steps, wasted_usd: c.totals.cost.total_usd, evidence: oneLine(line, 300) }]);
  }
  const rules: Rule[] = [];
  // failures are rare and each one was judged by an oracle or a person: one is enough to learn from
  for (const cause of CAUSES) {
    const evidence = byCause.get(cause);
    if (!evidence) continue;
    rules.push({
      id: `repair-${cause.id}`,
      kind: 'repair',
      text: `${cause.then.charAt(0).toUpperCase()}${cause.then.slice(1)}.`,
      targets: `failures where ${cause.when}`,
      support: { sessions: new Set(evidence.map((e) => e.session)).size, occurrences: evidence.length },
      saved_usd: null,
      counterfactual: null,
      scope: null,
      evidence,
    });
  }
  return rules;
}
