import { buildStructure } from '../src/compile/structure/index.js';
import { computeStepCosts } from '../src/compile/cost/step-costs.js';
import { makePriceTable } from '../src/compile/pricing/price-table.js';
import { buildCard } from '../src/compile/card/build-card.js';
import type { TraceCard } from '../src/compile/card/schema.js';
import { distill } from '../src/distill/distill.js';
import { round, type BenchResult } from './bench-result.js';
import { SYNTHETIC_SESSION } from './card-bench.js';
import { syntheticCalls } from './synthetic.js';

/** Distill over 1,000 cards (40-step sessions with the usual waste), all rule kinds. */
export async function runDistillBench(): Promise<BenchResult> {
  const table = makePriceTable([]);
  const cards: TraceCard[] = [];
  for (let i = 0; i < 1000; i++) {
    const structure = buildStructure(syntheticCalls(20 + (i % 7), `s${i}`));
    const session = { ...SYNTHETIC_SESSION, id: `s${i}`, label: `task-${i % 10}`, outcome: { status: i % 9 === 0 ? ('failure' as const) : ('success' as const), source: 'oracle' as const, evidence: i % 9 === 0 ? 'npm test: 1 failed' : null } };
    cards.push(buildCard({ session, structure, costs: computeStepCosts(structure, table) }));
  }
  const t0 = performance.now();
  const { rules } = distill(cards, { prune: true, repair: true, preserve: true, minSupport: 2 });
  const ms = performance.now() - t0;
  return { name: 'distill over 1,000 cards', metrics: { cards: cards.length, rules: rules.length, time_ms: round(ms, 0) }, pass: ms < 5000 };
}
