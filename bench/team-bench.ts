import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPriceTable } from '../src/compile/pricing/price-table.js';
import { blankSession } from '../src/domain/session.js';
import { openDb, type Db } from '../src/store/db.js';
import { upsertCall } from '../src/store/calls-repo.js';
import { insertSession } from '../src/store/sessions-repo.js';
import { openTeamStore } from '../src/team/client.js';
import { pushToTeam } from '../src/team/push.js';
import type { UsageQuery, UsageReport } from '../src/domain/usage-report.js';
import { buildUsageReport } from '../src/report/usage/build-report.js';
import { refreshSummaries } from '../src/report/usage/refresh.js';
import { summaryVersions } from '../src/report/usage/versions.js';
import { clickhouseUsageReport } from '../src/team/report.js';
import { parseTarget } from '../src/team/url.js';
import { round, type BenchResult } from './bench-result.js';
import { syntheticCalls } from './synthetic.js';
import { reachable } from '../test/team/clickhouse.js';

const SESSIONS = 1000;
const TURNS = 100;
const DAY = 86_400_000;
const BASE_URL = process.env['CLAWTRACE_BENCH_CLICKHOUSE_URL'] ?? 'clickhouse://clawtrace:ct-test-secret@127.0.0.1:18123/';

/** 1,000 sessions of 100 calls over 60 days, three projects, two models: 100,000 calls. */
export function buildHistory(db: Db, root: string): void {
  const projects = ['api', 'web', 'infra'].map((p) => {
    const dir = path.join(root, p);
    fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
    return dir;
  });
  db.transaction(() => {
    for (let i = 0; i < SESSIONS; i++) {
      const id = `bench${String(i).padStart(6, '0')}`;
      const shift = (i % 60) * DAY + i * 37_000 - 1_700_000_000_000 + Date.parse('2026-01-01T08:00:00Z');
      const calls = syntheticCalls(TURNS, id);
      const startedAt = (calls[0]?.startedAt ?? 0) + shift;
      insertSession(db, blankSession({ id, source: 'record', startedAt, endedAt: startedAt + TURNS * 1000, cwd: projects[i % 3] ?? root, agentName: i % 2 ? 'claude-code' : 'codex', outcome: { status: i % 9 ? 'success' : 'failure', source: 'exit_code', evidence: null } }));
      for (const c of calls) {
        if (i % 3 === 0) c.call.model = 'claude-haiku-4-5';
        upsertCall(db, { sessionId: id, seq: c.seq, exchangeId: null, naturalKey: null, parserVersion: 5, startedAt: c.startedAt + shift, firstByteAt: null, endedAt: (c.endedAt ?? c.startedAt) + shift, call: c.call });
      }
    }
  })();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}


/** Two reports alike in every row, key, label and figure, money to the micro-dollar (the tests' comparison). */
function sameReport(a: UsageReport, b: UsageReport): boolean {
  const money = (r: UsageReport): number[] => [...r.rows, r.totals].flatMap((x) => [x.cost_usd, ...(x.breakdown ?? []).map((y) => y.cost_usd)]);
  const strip = (r: UsageReport): string =>
    JSON.stringify([...r.rows, r.totals].map((x) => ({ ...x, cost_usd: 0, breakdown: x.breakdown?.map((y) => ({ ...y, cost_usd: 0 })) })));
  const ma = money(a);
  const mb = money(b);
  return strip(a) === strip(b) && ma.length === mb.length && ma.every((x, i) => Math.abs(x - (mb[i] ?? Number.NaN)) < 1.5e-6);
}

async function timeFive<T>(run: () => T | Promise<T>): Promise<{ ms: number; last: T }> {
  let last = await run();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    last = await run();
    times.push(performance.now() - t);
  }
  return { ms: median(times), last };
}

/**
 * `clawtrace push` of 100,000 calls into ClickHouse (compile included: rows per second of calls pushed), then the
 * daily report over them (Paris time, with and without the per-model breakdown), aggregated by ClickHouse, against
 * the local report over the same sessions' facts in SQLite: timed, and checked equal.
 */
export async function runTeamBench(): Promise<BenchResult> {
  if (!(await reachable(BASE_URL))) {
    try {
      execFileSync('bash', [path.join(process.cwd(), 'scripts', 'clickhouse', 'server.sh'), 'start'], { stdio: 'ignore', timeout: 90_000 });
    } catch (err) {
      void err;
    }
    if (!(await reachable(BASE_URL))) return { name: 'team store (ClickHouse)', metrics: { skipped: 'no ClickHouse server (scripts/clickhouse/server.sh start)' }, pass: false };
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'clawtrace-team-bench-'));
  const db = openDb(path.join(root, 'ct.db'));
  buildHistory(db, root);
  const database = `ct_bench_${process.pid}`;
  const url = new URL(BASE_URL);
  url.pathname = `/${database}`;
  const store = await openTeamStore(parseTarget(url.toString()));
  const table = loadPriceTable({ pricesFile: undefined, projectDir: root });
  try {
    const t0 = performance.now();
    const r = await pushToTeam({ db, store, table, who: { user: 'bench', host: 'bench' }, raw: { mode: 'none', minWasteUsd: 0 } });
    const pushMs = performance.now() - t0;
    const t1 = performance.now();
    const again = await pushToTeam({ db, store, table, who: { user: 'bench', host: 'bench' }, raw: { mode: 'none', minWasteUsd: 0 } });
    const noopMs = performance.now() - t1;

    // the local side: facts refreshed as `clawtrace report` refreshes them, then the same query over SQLite
    await refreshSummaries(db, { versions: summaryVersions(undefined, root), table: () => table, priceSource: { pricesFile: null, projectDir: root }, flags: false });
    const q: UsageQuery = { kind: 'daily', since: null, until: null, tz: 'Europe/Paris', filters: { project: null, agent: null, model: null }, breakdown: false, weekStart: 'monday' };
    // timed after the refresh: ClickHouse has merged the pushed parts meanwhile, as it would in use
    const ch = await timeFive(() => clickhouseUsageReport(store, q));
    const lite = await timeFive(() => buildUsageReport(db, q));
    const same = sameReport(ch.last, lite.last);
    const chBreakdown = await timeFive(() => clickhouseUsageReport(store, { ...q, breakdown: true }));
    const liteBreakdown = await timeFive(() => buildUsageReport(db, { ...q, breakdown: true }));
    const sameBreakdown = sameReport(chBreakdown.last, liteBreakdown.last);
    const rowsPerSecond = r.calls / (pushMs / 1000);
    return {
      name: 'team store: push 100,000 calls, daily report (ClickHouse vs SQLite)',
      metrics: {
        calls_pushed: r.calls,
        sessions_pushed: r.sessions,
        push_s: round(pushMs / 1000, 2),
        push_calls_per_s: Math.round(rowsPerSecond),
        push_all_rows_per_s: Math.round((r.calls + r.steps + r.sessions * 2 + r.flags) / (pushMs / 1000)),
        second_push_unchanged_ms: `${round(noopMs, 0)} (${again.sessions} sent)`,
        daily_report_clickhouse_ms_median: round(ch.ms, 1),
        daily_report_sqlite_ms_median: round(lite.ms, 1),
        daily_breakdown_clickhouse_ms_median: round(chBreakdown.ms, 1),
        daily_breakdown_sqlite_ms_median: round(liteBreakdown.ms, 1),
        daily_rows: ch.last.rows.length,
        same_report: same && sameBreakdown ? 'yes' : 'NO',
      },
      pass: same && sameBreakdown && r.calls === SESSIONS * TURNS && rowsPerSecond >= 5000 && again.sessions === 0,
    };
  } finally {
    await store.command(`DROP DATABASE IF EXISTS ${database}`);
    await store.close();
    db.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
