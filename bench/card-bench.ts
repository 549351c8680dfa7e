import path from 'node:path';
import { buildStructure } from '../src/compile/structure/index.js';
import { computeStepCosts } from '../src/compile/cost/step-costs.js';
import { makePriceTable } from '../src/compile/pricing/price-table.js';
import { buildCard } from '../src/compile/card/build-card.js';
import { renderCardYaml } from '../src/compile/card/render.js';
import type { Session } from '../src/domain/session.js';
import { blankSession } from '../src/domain/session.js';
import { evaluateLabelled, precision } from '../test/compile/flags/labelled.js';
import { REPO_ROOT } from '../test/helpers/cli.js';
import { SessionBuilder } from '../test/compile/flags/build-session.js';
import { round, type BenchResult } from './bench-result.js';
import { syntheticCalls } from './synthetic.js';

export const SYNTHETIC_SESSION: Session = blankSession({
  id: 'bench',
  label: 'synthetic',
  source: 'record',
  startedAt: 1_700_000_000_000,
  endedAt: 1_700_005_000_000,
  exitCode: 0,
  outcome: { status: 'success', source: 'oracle', evidence: null },
});

/**
 * The worst case for the argument comparisons: 10,000 steps of one tool whose arguments all differ but have the
 * same length and alphabet, so no cheap filter can tell them apart.
 */
function adversarialSession(turns: number): SessionBuilder {
  const b = new SessionBuilder();
  let x = 42;
  const letter = (): string => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return 'abcdefghij'[(x >>> 16) % 10] ?? 'a';
  };
  for (let i = 0; i < turns; i++) {
    b.llm({ input: 2000 + i, cacheRead: 0 });
    const pattern = Array.from({ length: 300 }, letter).join('');
    b.tool({ name: 'Grep', args: { pattern }, result: `match ${i % 7}` });
  }
  b.llm();
  return b;
}

function time<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

/**
 * Card for a 10,000-step session (5,000 LLM calls, 5,000 tool uses): structure + cost, then buildCard + YAML (the
 * part this bench targets: < 2 s, < 300 MB RSS); the same for an adversarial session; and the detectors' precision
 * on the hand-labelled set.
 */
export async function runCardBench(): Promise<BenchResult> {
  const calls = syntheticCalls(5000);
  const prep = time(() => {
    const structure = buildStructure(calls);
    return { structure, costs: computeStepCosts(structure, makePriceTable([])) };
  });
  const { structure, costs } = prep.value;
  const card = time(() => renderCardYaml(buildCard({ session: SYNTHETIC_SESSION, structure, costs })));
  const hard = adversarialSession(5000).build();
  const hardCard = time(() => renderCardYaml(buildCard(hard)));
  const rss = process.memoryUsage().rss;
  const { tally } = evaluateLabelled(path.join(REPO_ROOT, 'fixtures', 'flags', 'labelled'));
  const precisions = [...tally.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, t]) => [`precision ${k}`, round(precision(t), 2)] as const);
  const worst = Math.min(...precisions.map(([, p]) => p));
  return {
    name: 'card for a 10,000-step session',
    metrics: {
      steps: structure.steps.length,
      structure_and_cost_ms: round(prep.ms, 0),
      card_and_yaml_ms: round(card.ms, 0),
      yaml_kb: round(card.value.length / 1024, 0),
      adversarial_card_and_yaml_ms: round(hardCard.ms, 0),
      rss_mb: round(rss / 1024 / 1024, 0),
      ...Object.fromEntries(precisions),
    },
    pass: card.ms < 2000 && hardCard.ms < 2000 && rss < 300 * 1024 * 1024 && worst >= 0.9,
  };
}
