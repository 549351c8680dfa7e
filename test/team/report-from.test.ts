import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { UsageReport } from '../../src/domain/usage-report.js';
import { openDb } from '../../src/store/db.js';
import { clawtrace, tempDir } from '../helpers/cli.js';
import { freshTeamDb } from './clickhouse.js';
import { addSession, demoSessions, SUMMER, teamOne } from './fixture.js';
import { assertSameReport } from './same-report.js';

test('report --from clickhouse:// prints what report prints over the pushed database', async (t) => {
  const url = await freshTeamDb(t);
  if (!url) return;
  const root = tempDir();
  const file = path.join(root, 'ct.db');
  const db = openDb(file);
  teamOne(db, root);
  addSession(db, SUMMER);
  demoSessions(db);
  db.close();
  const push = await clawtrace(['push', '--db', file, '--to', url]);
  assert.equal(push.code, 0, push.stderr);

  const beta = path.join(root, 'beta');
  const runs: string[][] = [
    ['daily', '--tz', 'America/Los_Angeles', '--breakdown'],
    ['weekly', '--tz', 'Europe/Paris', '--week-start', 'sunday', '--since', '2026-03-01', '--until', '2026-04-30'],
    ['projects', '--alias', `${beta}=the-beta`, '--model', 'GPT'],
    ['session', '--agent', 'claude', '--tz', 'UTC'],
  ];
  for (const args of runs) {
    const local = await clawtrace(['report', ...args, '--db', file, '--no-import', '--json']);
    const team = await clawtrace(['report', ...args, '--from', url, '--json']);
    assert.equal(local.code, 0, local.stderr);
    assert.equal(team.code, 0, team.stderr);
    const l = JSON.parse(local.stdout) as UsageReport;
    assert.ok(l.rows.length > 0, args.join(' '));
    assertSameReport(JSON.parse(team.stdout) as UsageReport, l, args.join(' '));
    assert.doesNotMatch(team.stdout + team.stderr, /ct-test-secret/);
  }
  const table = ['monthly', '--tz', 'Asia/Tokyo', '--breakdown'];
  const localTable = await clawtrace(['report', ...table, '--db', file, '--no-import'], { env: { COLUMNS: '160' } });
  const teamTable = await clawtrace(['report', ...table, '--from', url], { env: { COLUMNS: '160' } });
  assert.equal(teamTable.stdout, localTable.stdout, 'the same table, line for line');
  assert.match(teamTable.stdout, /2026-04/);

  const nothing = await clawtrace(['report', 'models', '--project', 'no-such-project', '--from', url]);
  const nothingLocal = await clawtrace(['report', 'models', '--project', 'no-such-project', '--db', file, '--no-import']);
  assert.equal(nothing.code, 2);
  assert.equal(nothing.stderr, nothingLocal.stderr, 'the same one line, naming the projects there are');
  const bad = await clawtrace(['report', '--from', 'mysql://x@y/z']);
  assert.equal(bad.code, 2, bad.stderr);
  const down = await clawtrace(['report', '--from', 'clickhouse://u:ct-test-secret@127.0.0.1:9/db']);
  assert.equal(down.code, 1, down.stderr);
  assert.equal(down.stderr.trim().split('\n').length, 1, down.stderr);
  assert.doesNotMatch(down.stderr, /ct-test-secret/);
});
