import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { UsageReportSchema } from '../../src/domain/usage-report.js';
import { openDb } from '../../src/store/db.js';
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

test('later reports read only what changed: nothing when nothing did, the new lines of a log that grew', async () => {
  const { home: h, db } = home();
  const report = async (): Promise<number> => {
    const r = await clawtrace(['report', '--db', db, '--json', '--tz', 'UTC'], { env: snapshotEnv(h, null) });
    assert.equal(r.code, 0, r.stderr);
    return UsageReportSchema.parse(JSON.parse(r.stdout)).totals.cost_usd;
  };
  const importedAt = (): number => {
    const conn = openDb(db);
    const row = conn.prepare(`SELECT MAX(imported_at) AS t FROM import_files`).get() as { t: number };
    conn.close();
    return row.t;
  };
  assert.equal(await report(), 0.031345);
  const first = importedAt();
  assert.equal(await report(), 0.031345);
  assert.equal(importedAt(), first, 'no log changed: the importer did not run');
  // Claude Code deletes old transcripts: what was imported stays, and nothing is read again
  fs.rmSync(path.join(h, '.codex'), { recursive: true });
  assert.equal(await report(), 0.031345);
  assert.equal(importedAt(), first);
  const usage = { input_tokens: 1000, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, output_tokens: 100 };
  const line = { sessionId: 'sess-b', cwd: '/work/beta', version: '2.1.9', type: 'assistant', timestamp: '2026-10-26T09:10:00.000Z', requestId: 'req-b3', uuid: 'a-b3', message: { id: 'msg-b3', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'more' }], usage } };
  fs.appendFileSync(path.join(h, '.claude', 'projects', '-work-beta', 'sess-b.jsonl'), `${JSON.stringify(line)}\n`);
  // + 1000 × $3 + 100 × $15 per million = $0.0045
  assert.equal(await report(), 0.035845);
  assert.ok(importedAt() > first);
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
