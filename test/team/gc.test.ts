import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { compileSession } from '../../src/compile/compile-session.js';
import { loadPriceTable } from '../../src/compile/pricing/price-table.js';
import { openDb } from '../../src/store/db.js';
import { countCalls } from '../../src/store/calls-repo.js';
import { listExchanges } from '../../src/store/exchanges-repo.js';
import { storeSize } from '../../src/store/retention.js';
import { clawtrace, tempDir } from '../helpers/cli.js';
import { demoSessions } from './fixture.js';

const table = loadPriceTable({ pricesFile: undefined, projectDir: tempDir() });
const DAY = 86_400_000;

function setup(): { file: string; ids: string[] } {
  const file = path.join(tempDir(), 'ct.db');
  const db = openDb(file);
  const ids = demoSessions(db);
  // the first session is 90 days old, the second 40, the third 2
  const ages = [90, 40, 2];
  ids.forEach((id, i) => {
    const started = Date.now() - (ages[i] ?? 0) * DAY;
    db.prepare('UPDATE sessions SET started_at = ?, ended_at = ? WHERE id = ?').run(started, started + 1000, id);
  });
  db.close();
  return { file, ids };
}

function cards(file: string, ids: string[]): unknown[] {
  const db = openDb(file);
  const out = ids.map((id) => compileSession(db, id, table).card);
  db.close();
  return out;
}

test('gc --older-than drops the raw exchanges of old sessions only; calls, cards and flags stay, recompile changes nothing', async () => {
  const { file, ids } = setup();
  const before = cards(file, ids);
  const db0 = openDb(file);
  const size0 = storeSize(db0, file);
  db0.close();

  const dry = await clawtrace(['gc', '--db', file, '--older-than', '30d', '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stderr, /would drop 22 raw exchanges .* of 2 session\(s\)/);
  const db1 = openDb(file);
  assert.equal(storeSize(db1, file).exchanges, size0.exchanges, 'a dry run drops nothing');
  db1.close();

  const r = await clawtrace(['gc', '--db', file, '--older-than', '30d']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /dropped 22 raw exchanges/);
  assert.match(r.stdout, /^store: 3 sessions, 33 calls, 11 raw exchanges \(\d/);
  const db = openDb(file);
  assert.deepEqual(ids.map((id) => listExchanges(db, id).length), [0, 0, 11]);
  assert.deepEqual(ids.map((id) => countCalls(db, id)), [11, 11, 11]);
  const size = storeSize(db, file);
  assert.ok(size.rawBytes < size0.rawBytes && size.fileBytes < size0.fileBytes, `${JSON.stringify(size0)} → ${JSON.stringify(size)}`);
  db.close();
  assert.deepEqual(cards(file, ids), before, 'cards (totals, steps, flags) are the same without the raw bodies');

  const rc = await clawtrace(['recompile', '--db', file]);
  assert.equal(rc.code, 0, rc.stderr);
  assert.deepEqual(cards(file, ids), before, 'a recompile after gc re-parses only what still has raw bodies');
});

test('gc --max-size drops the oldest sessions first until the raw bodies fit; bad values are usage errors', async () => {
  const { file, ids } = setup();
  const db = openDb(file);
  const per = ids.map((id) => listExchanges(db, id).reduce((s, x) => s + x.requestBody.length + x.responseBody.length, 0));
  db.close();
  assert.ok(per.every((b) => b > 0));
  // room for the newest session's bodies only (stored sizes differ slightly from the decoded ones: leave a margin)
  const r = await clawtrace(['gc', '--db', file, '--max-size', String(Math.ceil((per[2] ?? 0) * 1.5))]);
  assert.equal(r.code, 0, r.stderr);
  const after = openDb(file);
  assert.deepEqual(ids.map((id) => listExchanges(after, id).length > 0), [false, false, true]);
  after.close();
  for (const bad of [['--older-than', 'soon'], ['--max-size', 'big']]) {
    const e = await clawtrace(['gc', '--db', file, ...bad]);
    assert.equal(e.code, 2);
    assert.equal(e.stderr.trim().split('\n').length, 1, e.stderr);
  }
});
