import assert from 'node:assert/strict';
import path from 'node:path';
import test from 'node:test';
import { UsageReportSchema } from '../../src/domain/usage-report.js';
import { clawtrace, tempDir } from '../helpers/cli.js';
import { writeFixtureLogs } from '../report/fixture-logs.js';
import { assertFits, matchSnapshot, snapshotEnv } from './snapshot.js';

function home(): { home: string; db: string } {
  const h = tempDir();
  writeFixtureLogs(h);
  return { home: h, db: path.join(h, 'ct.db') };
}

test('report imports the agents\' logs by itself, then answers from the store (--no-import reads nothing new)', async () => {
  const { home: h, db } = home();
  const empty = await clawtrace(['report', '--db', db, '--no-import', '--json'], { env: snapshotEnv(h, null) });
  assert.equal(empty.code, 0, empty.stderr);
  assert.equal(UsageReportSchema.parse(JSON.parse(empty.stdout)).totals.calls, 0, 'nothing imported yet');
  const first = await clawtrace(['report', '--db', db, '--json'], { env: snapshotEnv(h, null) });
  assert.equal(first.code, 0, first.stderr);
  const report = UsageReportSchema.parse(JSON.parse(first.stdout));
  assert.equal(report.tz, 'Europe/Paris', 'the machine\'s zone by default (TZ)');
  assert.deepEqual(report.rows.map((r) => r.key), ['2026-10-25', '2026-10-26', '2026-10-27']);
  assert.equal(report.totals.cost_usd, 0.031345);
  assert.equal(report.totals.unpriced_calls, 1);
  const utc = await clawtrace(['report', 'daily', '--db', db, '--no-import', '--tz', 'UTC', '--json'], { env: snapshotEnv(h, null) });
  assert.deepEqual(UsageReportSchema.parse(JSON.parse(utc.stdout)).rows.map((r) => r.key), ['2026-10-24', '2026-10-26']);
});

test('report snapshots at 80 and 160 columns and piped', async () => {
  const { home: h, db } = home();
  const cases: [string, string[]][] = [
    ['report-daily', ['report', 'daily']],
    ['report-daily-breakdown', ['report', 'daily', '--breakdown']],
    ['report-weekly', ['report', 'weekly', '--week-start', 'sunday']],
    ['report-projects', ['report', 'projects', '--alias', '/work/beta=beta-site']],
    ['report-models', ['report', 'models']],
    ['report-sessions', ['report', 'session']],
    ['report-agents-filtered', ['report', 'agents', '--since', '2026-10-26', '--model', 'sonnet']],
  ];
  for (const [name, args] of cases) {
    for (const cols of [80, 160, null]) {
      const r = await clawtrace([...args, '--db', db], { env: snapshotEnv(h, cols) });
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      if (cols !== null) assertFits(r.stdout, cols);
      matchSnapshot(`${name}-${cols ?? 'piped'}`, r.stdout);
    }
  }
});

test('report usage mistakes are one line, exit 2, and say what would have worked', async () => {
  const { home: h, db } = home();
  await clawtrace(['report', '--db', db], { env: snapshotEnv(h, null) });
  const cases: [string[], RegExp][] = [
    [['report', 'hourly'], /'hourly' is invalid for argument 'kind'. expected one of daily, weekly, monthly, sessions, projects, models, agents/],
    [['report', '--since', '2026-02-30'], /--since <date>' argument '2026-02-30' is invalid/],
    [['report', '--until', 'last week'], /--until <date>' argument 'last week' is invalid/],
    [['report', '--tz', 'Mars/Olympus'], /not a time zone/],
    [['report', '--week-start', 'friday'], /Allowed choices are monday, sunday/],
    [['report', '--project', 'gamma'], /--project 'gamma' matches no project in the usage data \(projects: alpha, beta\)/],
    [['report', '--agent', 'aider'], /\(agents: claude-code, codex\)/],
    [['report', '--since', '2026-10-27', '--until', '2026-10-26'], /--since 2026-10-27 is after --until 2026-10-26/],
    [['report', '--alias', 'nonsense'], /--alias takes PATH=NAME, got 'nonsense'/],
  ];
  for (const [args, message] of cases) {
    const r = await clawtrace([...args, '--db', db, '--no-import'], { env: snapshotEnv(h, null) });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, message);
  }
});
