import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadPriceTable } from '../../src/compile/pricing/price-table.js';
import type { UsageQuery, UsageReport, UsageReportKind, UsageRow } from '../../src/domain/usage-report.js';
import { openDb } from '../../src/store/db.js';
import { openTeamStore } from '../../src/team/client.js';
import { pushToTeam } from '../../src/team/push.js';
import { clickhouseUsageReport } from '../../src/team/report.js';
import { clickhouseCards, clickhouseSessions } from '../../src/team/read.js';
import { parseTarget } from '../../src/team/url.js';
import { clawtrace, tempDir } from '../helpers/cli.js';
import { freshTeamDb } from './clickhouse.js';
import { expectedReport, factsOf, merge, type Facts } from './expected.js';
import { addSession, demoSessions, SHARED_IMPORT, teamOne, teamTwo } from './fixture.js';

const table = loadPriceTable({ pricesFile: undefined, projectDir: tempDir() });
const KINDS: UsageReportKind[] = ['daily', 'weekly', 'monthly', 'sessions', 'projects', 'models', 'agents'];
const ZONES = ['UTC', 'Europe/Paris', 'Asia/Tokyo', 'America/Los_Angeles'];

function query(kind: UsageReportKind, over: Partial<UsageQuery> & Partial<UsageQuery['filters']> = {}): UsageQuery {
  const { project = null, agent = null, model = null, ...rest } = over;
  return { kind, since: null, until: null, tz: 'UTC', filters: { project, agent, model }, breakdown: true, weekStart: 'monday', ...rest };
}

/** Every dollar figure of a report, in order (rows, their breakdowns, totals). */
function dollars(r: UsageReport): number[] {
  const of = (x: UsageRow): number[] => [x.cost_usd, ...(x.breakdown ?? []).flatMap(of)];
  return [...r.rows.flatMap(of), ...of(r.totals)];
}

function withoutDollars(r: UsageReport): unknown {
  const strip = (x: UsageRow): unknown => ({ ...x, cost_usd: 0, ...(x.breakdown ? { breakdown: x.breakdown.map(strip) } : {}) });
  return { ...r, rows: r.rows.map(strip), totals: strip(r.totals) };
}

/** Equal in every figure, and in dollars to the cent (in fact to a millionth: sums are exact in ClickHouse). */
function assertSameReport(actual: UsageReport, expected: UsageReport, what: string): void {
  assert.deepEqual(withoutDollars(actual), withoutDollars(expected), what);
  const a = dollars(actual);
  const e = dollars(expected);
  assert.equal(a.length, e.length, what);
  a.forEach((x, i) => assert.ok(Math.abs(x - (e[i] ?? Number.NaN)) < 2e-6, `${what}: $${x} vs $${e[i]} (figure ${i})`));
}

async function assertAllReports(url: string, facts: Facts, label: string): Promise<void> {
  const store = await openTeamStore(parseTarget(url));
  try {
    for (const kind of KINDS) {
      for (const tz of ZONES) {
        const q = query(kind, { tz });
        assertSameReport(await clickhouseUsageReport(store, q), expectedReport(facts, q), `${label}: ${kind} in ${tz}`);
      }
    }
    const project = facts.facts.find((f) => f.project?.endsWith('alpha'))?.project ?? null;
    const filtered: UsageQuery[] = [
      query('daily', { since: '2026-03-02', until: '2026-03-04', tz: 'Europe/Paris' }),
      query('models', { project }),
      query('projects', { agent: 'claude-code', breakdown: false }),
      query('daily', { model: 'gpt-4.1', tz: 'Asia/Tokyo' }),
      query('monthly', { since: '2026-04-01', tz: 'Asia/Tokyo' }),
      query('agents', { since: '2030-01-01' }),
    ];
    for (const q of filtered) assertSameReport(await clickhouseUsageReport(store, q), expectedReport(facts, q), `${label}: ${JSON.stringify(q)}`);
  } finally {
    await store.close();
  }
}

test('push, push again, push from a second database: every report from ClickHouse equals the one computed by hand from the facts', async (t) => {
  const url = await freshTeamDb(t);
  if (!url) return;
  const root = tempDir();
  const dbOne = path.join(root, 'one.db');
  const dbTwo = path.join(root, 'two.db');
  const one = openDb(dbOne);
  teamOne(one, root);
  addSession(one, SHARED_IMPORT(root));
  demoSessions(one);
  const two = openDb(dbTwo);
  teamTwo(two, root, SHARED_IMPORT(root));
  const factsOne = factsOf(one, table);
  const factsBoth = merge(factsOne, factsOf(two, table));
  assert.ok(factsOne.facts.some((f) => f.costUsd === null), 'the fixture has an unpriced call');
  one.close();
  two.close();

  // the first push goes through the CLI, with the password in the URL: it is never printed
  const first = await clawtrace(['push', '--db', dbOne, '--to', url, '--user', 'ana']);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /pushed 7 session\(s\) \(46 calls/);
  assert.doesNotMatch(first.stdout + first.stderr, /ct-test-secret/);
  await assertAllReports(url, factsOne, 'after the first push');

  const again = await clawtrace(['push', '--db', dbOne, '--to', url, '--user', 'ana']);
  assert.match(again.stderr, /pushed 0 session\(s\).*7 unchanged/);
  const forced = await clawtrace(['push', '--db', dbOne, '--to', url, '--user', 'ana', '--all']);
  assert.match(forced.stderr, /pushed 7 session\(s\)/, 'every session sent again as a new generation');
  await assertAllReports(url, factsOne, 'after pushing everything twice');

  const store = await openTeamStore(parseTarget(url));
  const dbb = openDb(dbTwo);
  const r = await pushToTeam({ db: dbb, store, table, who: { user: 'ben', host: 'laptop-2' }, raw: { mode: 'tail', minWasteUsd: 0.5 } });
  dbb.close();
  assert.equal(r.sessions, 2);
  await assertAllReports(url, factsBoth, 'after a second machine pushed');

  const sessions = await clickhouseSessions(store);
  assert.equal(sessions.length, 8, 'the shared import is one session');
  assert.deepEqual([...new Set(sessions.map((s) => s.user))].sort(), ['ana', 'ben']);
  assert.equal(sessions[0]?.startedAt, Math.max(...sessions.map((s) => s.startedAt)), 'newest first');
  const expectedCost = factsBoth.facts.filter((f) => f.sessionId === 'aaaa00000001').reduce((s, f) => s + (f.costUsd ?? 0), 0);
  assert.ok(Math.abs((sessions.find((s) => s.id === 'aaaa00000001')?.costUsd ?? 0) - expectedCost) < 1e-9);
  const { cards } = await clickhouseCards(store);
  assert.equal(cards.length, 8);
  assert.ok(cards.some((c) => c.flags.length > 0), "everyone's flags come back with the cards");
  const raw = await store.rows<{ session_id: string; reason: string; n: string }>(
    `SELECT session_id, any(reason) AS reason, count() AS n FROM ${store.table('raw_exchanges')} GROUP BY session_id`,
  );
  const failed = cards.filter((c) => c.session.outcome.status === 'failure' && c.session.source !== 'record').map((c) => c.session.id);
  assert.ok(raw.length > 0 && raw.every((x) => x.reason === 'failed' || x.reason.startsWith('waste')), JSON.stringify(raw));
  assert.ok(failed.length > 0 && raw.every((x) => failed.includes(x.session_id)), 'raw bodies only for the sessions tail sampling keeps');
  await store.close();
});
