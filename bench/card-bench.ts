import { buildStructure } from '../src/compile/structure/index.js';
import { computeStepCosts } from '../src/compile/cost/step-costs.js';
import { makePriceTable } from '../src/compile/pricing/price-table.js';
import { buildCard } from '../src/compile/card/build-card.js';
import { renderCardYaml } from '../src/compile/card/render.js';
import type { Session } from '../src/domain/session.js';
import { blankSession } from '../src/domain/session.js';
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

/** Card for a 10,000-step session (5,000 LLM calls, 5,000 tool uses): structure + cost + flags + YAML. */
export async function runCardBench(): Promise<BenchResult> {
  const calls = syntheticCalls(5000);
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const structure = buildStructure(calls);
  const costs = computeStepCosts(structure, makePriceTable([]));
  const card = buildCard({ session: SYNTHETIC_SESSION, structure, costs });
  const yaml = renderCardYaml(card);
  const ms = performance.now() - t0;
  const rss = process.memoryUsage().rss;
  return {
    name: 'card for a 10,000-step session',
    metrics: {
      steps: structure.steps.length,
      flags: card.flags.length,
      yaml_kb: round(yaml.length / 1024, 0),
      time_ms: round(ms, 0),
      rss_mb: round(rss / 1024 / 1024, 0),
      rss_growth_mb: round((rss - rssBefore) / 1024 / 1024, 0),
    },
    pass: ms < 2000 && rss < 300 * 1024 * 1024,
  };
}
