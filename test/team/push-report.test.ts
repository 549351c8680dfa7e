import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadPriceTable } from '../../src/compile/pricing/price-table.js';
import { openDb, type Db } from '../../src/store/db.js';
import { openTeamStore } from '../../src/team/client.js';
import { pushToTeam } from '../../src/team/push.js';
import { clickhouseCards, clickhouseSessions } from '../../src/team/read.js';
import { parseTarget } from '../../src/team/url.js';
import { clawtrace, tempDir } from '../helpers/cli.js';
import { freshTeamDb } from './clickhouse.js';
import { addSession, demoSessions, SHARED_IMPORT, SUMMER, teamOne, teamTwo } from './fixture.js';
import { assertSameReports, both, query, refreshLocal, reportQueries } from './same-report.js';

const table = loadPriceTable({ pricesFile: undefined, projectDir: tempDir() });

/** The first machine's sessions: team one, the shared import, the summer-time session, the recorded demos. */
function machineOne(db: Db, root: string, withShared = true): void {
  teamOne(db, root);
  if (withShared) addSession(db, SHARED_IMPORT(root));
  addSession(db, SUMMER);
  demoSessions(db);
}

test('push, push again, push from a second database: every report from ClickHouse equals the local report over the same sessions', async (t) => {
  const url = await freshTeamDb(t);
  if (!url) return;
  const root = tempDir();
  const dbOne = path.join(root, 'one.db');
  const dbTwo = path.join(root, 'two.db');
  const one = openDb(dbOne);
  machineOne(one, root);
  const two = openDb(dbTwo);
  teamTwo(two, root, SHARED_IMPORT(root));
  two.close();
  // the reference for the merged store: one SQLite database holding both machines' sessions (the shared one once)
  const merged = openDb(path.join(root, 'both.db'));
  machineOne(merged, root, false);
  teamTwo(merged, root, SHARED_IMPORT(root));
  await refreshLocal(one);
  await refreshLocal(merged);

  const alpha = path.join(root, 'alpha');
  const aliases = new Map([[path.join(root, 'beta'), 'the-beta']]);
  const queries = reportQueries({ alpha });

  // the first push goes through the CLI, with the password in the URL: it is never printed
  const first = await clawtrace(['push', '--db', dbOne, '--to', url, '--user', 'ana']);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /pushed 8 session\(s\) \(51 calls/);
  assert.doesNotMatch(first.stdout + first.stderr, /ct-test-secret/);
  const store = await openTeamStore(parseTarget(url));
  t.after(() => store.close());
  const reports = await assertSameReports(store, one, queries, aliases, 'after the first push');
  assert.equal(reports.length, queries.length);

  // the reference is right where summer time decides the day, and the comparison covers what it should
  const daily = (tz: string): Map<string, number> =>
    new Map(reports.find((r) => r.kind === 'daily' && r.tz === tz && r.since === null && r.filters.model === null && r.filters.project === null)?.rows.map((r) => [r.key, r.calls]));
  assert.equal(daily('America/Los_Angeles').get('2026-03-08'), 1, 'two calls after 07:00 UTC on 9 March are past midnight in PDT');
  assert.ok(daily('UTC').has('2026-03-29') && !daily('UTC').has('2026-03-30'));
  assert.ok(daily('Europe/Paris').has('2026-03-30') && !daily('Europe/Paris').has('2026-03-29'));
  assert.ok(daily('Australia/Sydney').has('2026-04-05') && !daily('Australia/Sydney').has('2026-04-06'));
  const sessions = reports.find((r) => r.kind === 'sessions');
  assert.equal(sessions?.rows.find((r) => r.key === SUMMER.id)?.label, 'check the clocks');
  assert.ok(sessions?.rows.some((r) => r.label === 'fix-auth'));
  const projects = reports.find((r) => r.kind === 'projects');
  assert.deepEqual(projects?.rows.filter((r) => r.key === '' || r.label === 'the-beta').map((r) => r.label).sort(), ['(unknown)', 'the-beta']);
  assert.ok(reports.some((r) => r.totals.unpriced_calls > 0 && r.totals.cost_usd > 0), 'unpriced calls counted apart from priced cost');
  assert.ok(reports.some((r) => r.rows.length === 0), 'a range with no calls');
  assert.equal(await both(store, one, query('models', { model: 'no-such-model' }), aliases), null, 'a filter naming nothing fails alike');

  const again = await clawtrace(['push', '--db', dbOne, '--to', url, '--user', 'ana']);
  assert.match(again.stderr, /pushed 0 session\(s\).*8 unchanged/);
  const forced = await clawtrace(['push', '--db', dbOne, '--to', url, '--user', 'ana', '--all']);
  assert.match(forced.stderr, /pushed 8 session\(s\)/, 'every session sent again as a new generation');
  await assertSameReports(store, one, queries, aliases, 'after pushing everything twice');

  const dbb = openDb(dbTwo);
  const r = await pushToTeam({ db: dbb, store, table, who: { user: 'ben', host: 'laptop-2' }, raw: { mode: 'tail', minWasteUsd: 0.5 } });
  dbb.close();
  assert.equal(r.sessions, 2);
  await assertSameReports(store, merged, queries, aliases, 'after a second machine pushed');
  one.close();
  merged.close();

  const listed = await clickhouseSessions(store);
  assert.equal(listed.length, 9, 'the shared import is one session');
  assert.deepEqual([...new Set(listed.map((s) => s.user))].sort(), ['ana', 'ben']);
  assert.equal(listed[0]?.startedAt, Math.max(...listed.map((s) => s.startedAt)), 'newest first');
  const { cards } = await clickhouseCards(store);
  assert.equal(cards.length, 9);
  assert.ok(cards.some((c) => c.flags.length > 0), "everyone's flags come back with the cards");
  const raw = await store.rows<{ session_id: string; reason: string; n: string }>(
    `SELECT session_id, any(reason) AS reason, count() AS n FROM ${store.table('raw_exchanges')} GROUP BY session_id`,
  );
  const failed = cards.filter((c) => c.session.outcome.status === 'failure' && c.session.source !== 'record').map((c) => c.session.id);
  assert.ok(raw.length > 0 && raw.every((x) => x.reason === 'failed' || x.reason.startsWith('waste')), JSON.stringify(raw));
  assert.ok(failed.length > 0 && raw.every((x) => failed.includes(x.session_id)), 'raw bodies only for the sessions tail sampling keeps');
});
