// Reports side by side with ccusage: `clawtrace report daily` and `clawtrace sessions` on a generated history of
// 1,000 sessions / ~200 MB of Claude Code and Codex logs, on a first call (import and compile) and on later calls;
// and the same logs through `ccusage daily --offline --json` when ccusage is on the PATH (or CCUSAGE_BIN names one).
// Every figure is the wall time of a spawned command, as a person would see it. Run alone: node dist/bench/report-bench.js
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI } from '../test/helpers/cli.js';
import { round, type BenchResult } from './bench-result.js';
import { writeCorpus } from './report-corpus.js';

const SECOND_CALLS = 5;

interface Timed {
  seconds: number;
  stdout: string;
}

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    execFile(cmd, args, { env, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${path.basename(cmd)} ${args.join(' ')}: ${String(stderr).slice(0, 400) || err.message}`));
      else resolve({ seconds: (performance.now() - t0) / 1000, stdout: String(stdout) });
    });
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

async function repeat(n: number, run: () => Promise<Timed>): Promise<{ median: number; min: number; max: number; last: Timed }> {
  const times: number[] = [];
  let last: Timed = { seconds: 0, stdout: '' };
  for (let i = 0; i < n; i++) {
    last = await run();
    times.push(last.seconds);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), last };
}

/** ccusage to compare with: CCUSAGE_BIN, else `ccusage` on the PATH; null when there is none. */
function findCcusage(): string | null {
  const named = process.env['CCUSAGE_BIN'];
  if (named) return fs.existsSync(named) ? named : null;
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    const p = path.join(dir, 'ccusage');
    if (dir && fs.existsSync(p)) return p;
  }
  return null;
}

const span = (r: { median: number; min: number; max: number }): string => `${round(r.median, 2)} (${round(r.min, 2)}-${round(r.max, 2)})`;

export async function runReportBench(opts: { sessions?: number } = {}): Promise<BenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawtrace-report-bench-'));
  try {
    const corpus = writeCorpus(path.join(dir, 'logs'), opts.sessions ?? 1000);
    const home = path.join(dir, 'home');
    fs.mkdirSync(home);
    // both tools read the same folders and nothing else: an empty home, the agents' folders by variable
    const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '', HOME: home, TZ: 'UTC', NO_COLOR: '1', CLAUDE_CONFIG_DIR: corpus.claudeDir, CODEX_HOME: corpus.codexHome };
    const db = path.join(dir, 'clawtrace.db');
    const ct = (args: string[]): Promise<Timed> => timed(process.execPath, [CLI, ...args, '--db', db], env);
    // the import alone, into a database of its own: how much of the first call is the importer's
    const importOnly = await timed(process.execPath, [CLI, 'import', '--json', '--db', path.join(dir, 'import-only.db')], env);
    const first = await ct(['report', 'daily', '--json']);
    const second = await repeat(SECOND_CALLS, () => ct(['report', 'daily', '--json']));
    const sessionsFirst = await ct(['sessions', '--json']);
    const sessionsSecond = await repeat(SECOND_CALLS, () => ct(['sessions', '--json']));
    const listed = (JSON.parse(sessionsSecond.last.stdout) as unknown[]).length;
    const ours = JSON.parse(second.last.stdout) as { rows: { key: string; cost_usd: number }[]; totals: { cost_usd: number; calls: number } };
    const metrics: BenchResult['metrics'] = {
      'corpus MB': round(corpus.bytes / 1024 / 1024, 1),
      sessions: listed,
      'LLM calls': ours.totals.calls,
      'report daily, first call s (import + compile)': round(first.seconds, 2),
      'of which the import alone s': round(importOnly.seconds, 2),
      'report daily, later calls s (median, range)': span(second),
      'sessions, first call s (flags of every card)': round(sessionsFirst.seconds, 2),
      'sessions, later calls s (median, range)': span(sessionsSecond),
    };
    let pass = sessionsSecond.median < 1;
    const ccusage = findCcusage();
    if (ccusage) {
      const cc = await repeat(3, () => timed(ccusage, ['daily', '--offline', '--json'], env));
      const version = (await timed(ccusage, ['--version'], env)).stdout.trim();
      const theirs = JSON.parse(cc.last.stdout) as { daily?: { period?: string; date?: string; totalCost?: number }[]; totals?: { totalCost?: number } };
      const byDay = new Map((theirs.daily ?? []).map((d) => [d.period ?? d.date ?? '', d.totalCost ?? Number.NaN]));
      const differ = ours.rows.filter((r) => !(Math.abs((byDay.get(r.key) ?? Number.NaN) - r.cost_usd) < 0.005)).length;
      metrics[`${version.startsWith("ccusage") ? version : `ccusage ${version}`} daily --offline --json s (median, range)`] = span(cc);
      metrics['total cost clawtrace / ccusage USD'] = `${round(ours.totals.cost_usd, 2)} / ${round(theirs.totals?.totalCost ?? Number.NaN, 2)}`;
      metrics['days whose cost differs by a cent or more'] = `${differ} of ${ours.rows.length}`;
      metrics['later calls: ccusage time / ours'] = `${round(cc.median / second.median, 1)}x`;
      metrics['first call: ours / ccusage'] = `${round(first.seconds / cc.median, 1)}x`;
      pass &&= second.median * 2 <= cc.median && first.seconds <= cc.median;
    } else {
      process.stderr.write('bench report: ccusage is not installed (npm install -g ccusage, or CCUSAGE_BIN=path): comparison skipped\n');
      metrics['ccusage'] = 'not installed: skipped';
    }
    metrics.target = 'sessions < 1 s on later calls; vs ccusage: later calls 2x faster or more, first call not slower';
    return { name: 'reports (report daily, sessions) on 1,000 sessions', metrics, pass };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await runReportBench();
  process.stdout.write(`${r.name}: ${r.pass ? 'target met' : 'TARGET MISSED'}\n${JSON.stringify(r.metrics, null, 2)}\n`);
}
