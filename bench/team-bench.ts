import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPriceTable } from '../src/compile/pricing/price-table.js';
import { blankSession } from '../src/domain/session.js';
import { openDb, type Db } from '../src/store/db.js';
import { upsertCall } from '../src/store/calls-repo.js';
import { insertSession } from '../src/store/sessions-repo.js';
import { openTeamStore, TeamStore } from '../src/team/client.js';
import { pushToTeam } from '../src/team/push.js';
import { clickhouseUsageReport } from '../src/team/report.js';
import { parseTarget } from '../src/team/url.js';
import { round, type BenchResult } from './bench-result.js';
import { syntheticCalls } from './synthetic.js';

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

async function reachable(url: string): Promise<boolean> {
  const store = new TeamStore(parseTarget(url));
  try {
    await store.rows('SELECT 1 AS one');
    return true;
  } catch {
    return false;
  } finally {
    await store.close();
  }
}

/** The same daily report as SQL over a SQLite facts table of the same calls (what a local report aggregates). */
function sqliteDaily(db: Db): { day: string; cost: number; calls: number }[] {
  return db
    .prepare(
      `SELECT date(started_at / 1000, 'unixepoch') AS day, SUM(cost_nusd) / 1e9 AS cost, COUNT(*) AS calls,
              SUM(input_uncached) AS iu, SUM(cache_read) AS cr, SUM(output) AS o, COUNT(DISTINCT session_id) AS sessions
       FROM bench_facts GROUP BY day ORDER BY day`,
    )
    .all() as { day: string; cost: number; calls: number }[];
}

/**
 * `clawtrace push` of 100,000 calls into ClickHouse (compile included: rows per second of calls pushed), then the
 * daily report over them, aggregated by ClickHouse, against the same GROUP BY in SQLite over a facts table.
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

    // the same facts in a SQLite table, as a local facts table would hold them
    const facts = await store.rows<Record<string, string | number>>(
      `SELECT session_id, started_ms, cost_nusd, input_uncached, cache_read, output FROM ${store.table('calls')}`,
    );
    db.exec('CREATE TABLE bench_facts (session_id TEXT, started_at REAL, cost_nusd INTEGER, input_uncached INTEGER, cache_read INTEGER, output INTEGER)');
    const ins = db.prepare('INSERT INTO bench_facts VALUES (?, ?, ?, ?, ?, ?)');
    db.transaction(() => {
      for (const f of facts) ins.run(f['session_id'], Number(f['started_ms']), Number(f['cost_nusd']), Number(f['input_uncached']), Number(f['cache_read']), Number(f['output']));
    })();
    db.exec('CREATE INDEX bench_facts_started ON bench_facts(started_at)');
    // timed after the SQLite table is filled: ClickHouse has merged the pushed parts meanwhile, as it would in use
    const q = { kind: 'daily' as const, since: null, until: null, tz: 'UTC', filters: { project: null, agent: null, model: null }, breakdown: false, weekStart: 'monday' as const };
    const chTimes: number[] = [];
    let report = await clickhouseUsageReport(store, q);
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      report = await clickhouseUsageReport(store, q);
      chTimes.push(performance.now() - t);
    }
    const liteTimes: number[] = [];
    let lite = sqliteDaily(db);
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      lite = sqliteDaily(db);
      liteTimes.push(performance.now() - t);
    }
    const same = lite.length === report.rows.length && lite.every((d, i) => d.day === report.rows[i]?.key && Math.abs(d.cost - (report.rows[i]?.cost_usd ?? 0)) < 0.005 && d.calls === report.rows[i]?.calls);
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
        daily_report_clickhouse_ms_median: round(median(chTimes), 1),
        daily_report_sqlite_ms_median: round(median(liteTimes), 1),
        daily_rows: report.rows.length,
        same_figures: same ? 'yes' : 'NO',
      },
      pass: same && r.calls === SESSIONS * TURNS && rowsPerSecond >= 5000 && again.sessions === 0,
    };
  } finally {
    await store.command(`DROP DATABASE IF EXISTS ${database}`);
    await store.close();
    db.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
