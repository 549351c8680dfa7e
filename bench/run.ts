// `npm run bench`: every benchmark, one table, and whether each met its target.
import { runProxyBench } from './proxy-bench.js';
import { runProxyLoadBench } from './proxy-load.js';
import { runCardBench } from './card-bench.js';
import { runDistillBench } from './distill-bench.js';
import { runImportBench } from './import-bench.js';
import { runHtmlBench } from './html-bench.js';
import { runTeamBench } from './team-bench.js';
import { runReportBench } from './report-bench.js';
import type { BenchResult } from './bench-result.js';

type Bench = () => Promise<BenchResult>;

const BENCHES: Record<string, Bench> = {
  proxy: () => runProxyBench(),
  'proxy-limits': () => runProxyBench({ limits: true }),
  'proxy-load': () => runProxyLoadBench(),
  card: () => runCardBench(),
  distill: () => runDistillBench(),
  import: () => runImportBench(),
  html: () => runHtmlBench(),
  team: () => runTeamBench(),
  report: () => runReportBench(),
};

const only = process.argv.slice(2);
const results: BenchResult[] = [];
for (const [name, run] of Object.entries(BENCHES)) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stderr.write(`bench: ${name}...\n`);
  const r = await run();
  results.push(r);
  process.stdout.write(`\n## ${r.name}: ${r.pass ? 'target met' : 'TARGET MISSED'}\n`);
  for (const [k, v] of Object.entries(r.metrics)) process.stdout.write(`  ${k.padEnd(48)} ${v}\n`);
}
process.exitCode = results.every((r) => r.pass) ? 0 : 1;
