import assert from 'node:assert/strict';
import path from 'node:path';
import test from 'node:test';
import { importSession } from '../helpers/session-fixture.js';
import { clawtrace, REPO_ROOT, tempDir } from '../helpers/cli.js';
import { openDb } from '../../src/store/db.js';
import { writeFixtureLogs } from '../report/fixture-logs.js';
import { assertFits, matchSnapshot, snapshotEnv } from './snapshot.js';

/** The fixture logs (imported by a first `report`) and two recorded demo sessions with flags, label and tags. */
async function setup(): Promise<{ home: string; db: string }> {
  const home = tempDir();
  writeFixtureLogs(home);
  const db = path.join(home, 'ct.db');
  const conn = openDb(db);
  for (const n of ['demo-fix-ok', 'demo-fix-rushed']) importSession(conn, path.join(REPO_ROOT, 'fixtures', 'sessions', `${n}.json`));
  conn.close();
  const r = await clawtrace(['report', '--db', db], { env: snapshotEnv(home, null) });
  assert.equal(r.code, 0, r.stderr);
  return { home, db };
}

test('sessions snapshots at 80 and 160 columns and piped: what tells sessions apart, nothing blank', async () => {
  const { home, db } = await setup();
  for (const cols of [80, 160, null]) {
    const r = await clawtrace(['sessions', '--db', db], { env: snapshotEnv(home, cols) });
    assert.equal(r.code, 0, r.stderr);
    if (cols !== null) assertFits(r.stdout, cols);
    matchSnapshot(`sessions-${cols ?? 'piped'}`, r.stdout);
  }
  const piped = await clawtrace(['sessions', '--db', db], { env: snapshotEnv(home, null) });
  assert.match(piped.stdout, /Add a --verbose flag to the CLI and document it/, 'piped output keeps the whole first prompt');
  assert.doesNotMatch(piped.stdout.split('\n')[0] ?? '', /command|exit/, 'columns blank on every row are left out');
});

test('sessions --json: the fields a script needs; --limit validated by commander', async () => {
  const { home, db } = await setup();
  const r = await clawtrace(['sessions', '--db', db, '--json', '--limit', '2'], { env: snapshotEnv(home, null) });
  const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
  assert.equal(rows.length, 2);
  for (const k of ['id', 'started', 'project', 'agent', 'first_prompt', 'main_model', 'llm_calls', 'cost_usd', 'unpriced_calls', 'flags', 'wasted_usd', 'outcome']) {
    assert.ok(k in (rows[0] ?? {}), k);
  }
  const rushed = JSON.parse((await clawtrace(['sessions', '--db', db, '--json'], { env: snapshotEnv(home, null) })).stdout) as { label: string | null; flags: number | null; wasted_usd: number | null }[];
  const flagged = rushed.find((x) => x.label === 'fix-add-3');
  assert.equal(flagged?.flags, 2);
  assert.ok((flagged?.wasted_usd ?? 0) > 0);
  for (const bad of ['abc', '-3', '0', '2.5']) {
    const e = await clawtrace(['sessions', '--db', db, '--limit', bad], { env: snapshotEnv(home, null) });
    assert.equal(e.code, 2, `--limit ${bad}`);
    assert.equal(e.stderr.trim().split('\n').length, 1);
    assert.match(e.stderr, /expected a whole number of 1 or more/);
  }
});
