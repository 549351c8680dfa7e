// `npm run bench`: every benchmark, one table, and whether each met its target.
import { spawnSync } from 'node:child_process';
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
const unknown = only.filter((n) => !(n in BENCHES));
if (unknown.length > 0) {
  process.stderr.write(`bench: no benchmark named ${unknown.join(', ')} (there are: ${Object.keys(BENCHES).join(', ')})\n`);
  process.exit(2);
}
const selected = Object.keys(BENCHES).filter((n) => only.length === 0 || only.includes(n));

if (selected.length > 1) {
  // each in a process of its own, so one's memory figures do not carry what an earlier one left behind
  let failed = 0;
  for (const name of selected) {
    const r = spawnSync(process.execPath, [process.argv[1] ?? '', name], { stdio: 'inherit' });
    if (r.status !== 0) failed++;
  }
  process.exitCode = failed === 0 ? 0 : 1;
} else {
  const results: BenchResult[] = [];
  for (const name of selected) {
    const run = BENCHES[name];
    if (!run) continue;
    process.stderr.write(`bench: ${name}...\n`);
    const r = await run();
    results.push(r);
    process.stdout.write(`\n## ${r.name}: ${r.pass ? 'target met' : 'TARGET MISSED'}\n`);
    for (const [k, v] of Object.entries(r.metrics)) process.stdout.write(`  ${k.padEnd(48)} ${v}\n`);
  }
  process.exitCode = results.every((r) => r.pass) ? 0 : 1;
}
