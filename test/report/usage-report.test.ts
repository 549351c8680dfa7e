import assert from 'node:assert/strict';
import path from 'node:path';
import test from 'node:test';
import { usd6 } from '../../src/compile/card/round.js';
import { makePriceTable } from '../../src/compile/pricing/price-table.js';
import { UsageReportSchema, type UsageQuery, type UsageReport, type UsageRow } from '../../src/domain/usage-report.js';
import { runImport } from '../../src/import/run-import.js';
import { buildUsageReport, FilterMatchesNothing } from '../../src/report/usage/build-report.js';
import { refreshSummaries } from '../../src/report/usage/refresh.js';
import { renderUsageReport } from '../../src/report/usage/render-report.js';
import { openDb, type Db } from '../../src/store/db.js';
import { tempDir } from '../helpers/cli.js';
import { HAND, writeFixtureLogs } from './fixture-logs.js';

const VERSIONS = { compileVersion: 1, parserVersion: 1, priceKey: 'test' };

async function fixtureDb(): Promise<Db> {
  const home = tempDir();
  writeFixtureLogs(home);
  const db = openDb(path.join(home, 'ct.db'));
  await runImport(db, { paths: [], env: {}, homedir: home });
  const r = await refreshSummaries(db, { versions: VERSIONS, table: () => makePriceTable([]), flags: false });
  assert.equal(r.refreshed, 3);
  assert.deepEqual(r.failed, []);
  return db;
}

const base: UsageQuery = { kind: 'daily', tz: 'UTC', since: null, until: null, filters: { project: null, agent: null, model: null }, breakdown: false, weekStart: 'monday' };
type Over = Partial<Omit<UsageQuery, 'filters'>> & { filters?: Partial<UsageQuery['filters']> };
const q = (over: Over): UsageQuery => ({ ...base, ...over, filters: { ...base.filters, ...over.filters } });
const money = (r: UsageRow | undefined): number => r?.cost_usd ?? Number.NaN;
const keys = (r: UsageReport): string[] => r.rows.map((x) => x.key);

test('totals: every call of every session, priced by hand; the unpriced call counted apart, never as $0', async () => {
  const db = await fixtureDb();
  const r = buildUsageReport(db, base);
  UsageReportSchema.parse(r);
  const t = r.totals;
  assert.equal(t.cost_usd, usd6(HAND.a + HAND.b + HAND.c)); // $0.031345
  assert.equal(t.cost_usd, 0.031345);
  assert.equal(t.unpriced_calls, 1);
  assert.equal(t.calls, 8, 'A 4 (its sub-agent call included) + B 2 + C 2');
  assert.equal(t.sessions, 3, 'the sub-agent is not a session of its own');
  assert.deepEqual(t.tokens, { input: HAND.input, cache_read: HAND.cacheRead, cache_write: HAND.cacheWrite, output: HAND.output, reasoning: HAND.reasoning });
  assert.equal(t.cache_hit_rate, 0.659, '15,500 / 23,515');
  assert.deepEqual(t.models, ['claude-haiku-4-5', 'claude-sonnet-4-5', 'gpt-5-codex', 'mystery-model-1']);
});

test('daily in UTC and in Paris: a call belongs to the day of its local date, across the end of summer time', async () => {
  const db = await fixtureDb();
  const utc = buildUsageReport(db, base);
  assert.deepEqual(keys(utc), ['2026-10-24', '2026-10-26']);
  assert.equal(money(utc.rows[0]), HAND.a);
  assert.equal(money(utc.rows[1]), usd6(HAND.b + HAND.c));
  assert.equal(utc.rows[1]?.unpriced_calls, 1);
  assert.equal(utc.rows[1]?.sessions, 2);
  const paris = buildUsageReport(db, q({ tz: 'Europe/Paris' }));
  // A at 22:00-23:10 UTC on the 24th is past midnight in Paris (UTC+2); C at 23:30 UTC on the 26th too (UTC+1)
  assert.deepEqual(keys(paris), ['2026-10-25', '2026-10-26', '2026-10-27']);
  assert.deepEqual(paris.rows.map(money), [HAND.a, HAND.b, HAND.c]);
  assert.equal(paris.totals.cost_usd, utc.totals.cost_usd, 'the zone moves calls between days, never changes the total');
  const ny = buildUsageReport(db, q({ tz: 'America/New_York' }));
  // New York is UTC-4 until 1 November: every call stays on its UTC date (18:00-19:10 on the 24th, 05:00 and 19:30 on the 26th)
  assert.deepEqual(keys(ny), ['2026-10-24', '2026-10-26']);
});

test('weekly (Monday or Sunday first) and monthly', async () => {
  const db = await fixtureDb();
  // the 24th is a Saturday, the 26th a Monday
  assert.deepEqual(keys(buildUsageReport(db, q({ kind: 'weekly' }))), ['2026-10-19', '2026-10-26']);
  assert.deepEqual(keys(buildUsageReport(db, q({ kind: 'weekly', weekStart: 'sunday' }))), ['2026-10-18', '2026-10-25']);
  // in Paris A falls on Sunday the 25th: with Sunday-first weeks all three sessions share one week
  const one = buildUsageReport(db, q({ kind: 'weekly', weekStart: 'sunday', tz: 'Europe/Paris' }));
  assert.deepEqual(keys(one), ['2026-10-25']);
  assert.equal(one.rows[0]?.sessions, 3);
  const monthly = buildUsageReport(db, q({ kind: 'monthly' }));
  assert.deepEqual(keys(monthly), ['2026-10']);
  assert.equal(money(monthly.rows[0]), 0.031345);
});

test('projects, models, agents and sessions, with hand totals per row', async () => {
  const db = await fixtureDb();
  const projects = buildUsageReport(db, q({ kind: 'projects' }));
  assert.deepEqual(projects.rows.map((r) => [r.key, r.label, r.cost_usd, r.unpriced_calls, r.sessions, r.calls]), [
    ['/work/alpha', 'alpha', usd6(HAND.a + HAND.c), 0, 2, 6],
    ['/work/beta', 'beta', HAND.b, 1, 1, 2],
  ]);
  const models = buildUsageReport(db, q({ kind: 'models' }));
  assert.deepEqual(models.rows.map((r) => [r.key, r.cost_usd, r.unpriced_calls, r.calls]), [
    // 0.012 + 0.003555 + 0.005565 (A) + 0.0006 (B)
    ['claude-sonnet-4-5', 0.02172, 0, 4],
    ['gpt-5-codex', HAND.c, 0, 2],
    ['claude-haiku-4-5', 0.003, 0, 1],
    ['mystery-model-1', 0, 1, 1],
  ]);
  const agents = buildUsageReport(db, q({ kind: 'agents' }));
  assert.deepEqual(agents.rows.map((r) => [r.key, r.cost_usd, r.unpriced_calls, r.sessions]), [
    ['claude-code', usd6(HAND.a + HAND.b), 1, 2],
    ['codex', HAND.c, 0, 1],
  ]);
  const sessions = buildUsageReport(db, q({ kind: 'sessions' }));
  assert.deepEqual(sessions.rows.map((r) => [r.label, r.cost_usd, r.calls]), [
    ['Add a --verbose flag to the CLI and document it', HAND.a, 4],
    ['Make the build reproducible', HAND.c, 2],
    ['Summarize the open pull requests', HAND.b, 2],
  ]);
});

test('filters by project (path, alias or folder), agent (prefix) and model (substring); a filter naming nothing says what exists', async () => {
  const db = await fixtureDb();
  const aliases = new Map([['/work/beta', 'the-beta']]);
  assert.equal(buildUsageReport(db, q({ filters: { project: 'alpha' } })).totals.cost_usd, usd6(HAND.a + HAND.c));
  assert.equal(buildUsageReport(db, q({ filters: { project: '/work/alpha' } })).totals.calls, 6);
  assert.equal(buildUsageReport(db, q({ filters: { project: 'the-beta' } }), aliases).totals.unpriced_calls, 1);
  assert.equal(buildUsageReport(db, q({ filters: { agent: 'codex' } })).totals.cost_usd, HAND.c);
  assert.equal(buildUsageReport(db, q({ filters: { agent: 'claude' } })).totals.sessions, 2);
  const sonnet = buildUsageReport(db, q({ filters: { model: 'SONNET' } })).totals;
  assert.equal(sonnet.cost_usd, 0.02172);
  assert.equal(sonnet.sessions, 2);
  const both = buildUsageReport(db, q({ filters: { project: 'alpha', model: 'haiku' } })).totals;
  assert.equal(both.cost_usd, 0.003);
  assert.throws(() => buildUsageReport(db, q({ filters: { project: 'gamma' } })), (e: unknown) => e instanceof FilterMatchesNothing && e.known.join() === '/work/alpha,/work/beta');
  assert.throws(() => buildUsageReport(db, q({ filters: { model: 'gemini' } })), FilterMatchesNothing);
});

test('since / until are inclusive local dates', async () => {
  const db = await fixtureDb();
  const fromMonday = buildUsageReport(db, q({ since: '2026-10-26' }));
  assert.equal(fromMonday.totals.cost_usd, usd6(HAND.b + HAND.c));
  assert.equal(fromMonday.since, '2026-10-26');
  // in Paris A is on the 25th: until the 25th takes A alone, since the 27th C alone
  assert.equal(buildUsageReport(db, q({ tz: 'Europe/Paris', until: '2026-10-25' })).totals.cost_usd, HAND.a);
  assert.equal(buildUsageReport(db, q({ tz: 'Europe/Paris', since: '2026-10-27' })).totals.cost_usd, HAND.c);
  assert.equal(buildUsageReport(db, q({ since: '2026-10-25', until: '2026-10-25' })).rows.length, 0, 'nothing on the 25th in UTC');
});

test('breakdown: per-model rows under each day add up to the day', async () => {
  const db = await fixtureDb();
  const r = buildUsageReport(db, q({ tz: 'Europe/Paris', breakdown: true }));
  for (const row of r.rows) {
    const parts = row.breakdown ?? [];
    assert.ok(parts.length > 0);
    assert.equal(usd6(parts.reduce((n, p) => n + p.cost_usd, 0)), row.cost_usd);
    assert.equal(parts.reduce((n, p) => n + p.calls, 0), row.calls);
    assert.equal(parts.reduce((n, p) => n + p.unpriced_calls, 0), row.unpriced_calls);
  }
  assert.deepEqual(r.rows[0]?.breakdown?.map((b) => [b.key, b.cost_usd]), [
    ['claude-sonnet-4-5', 0.02112], // 0.012 + 0.003555 + 0.005565
    ['claude-haiku-4-5', 0.003],
  ]);
});

test('the table prints the unpriced model as unpriced, not $0, and its row cost with the marker', async () => {
  const db = await fixtureDb();
  const text = renderUsageReport(buildUsageReport(db, q({ kind: 'models' })), null);
  assert.match(text, /mystery-model-1 .* unpriced \(1\)\n/);
  assert.doesNotMatch(text, /mystery-model-1 .* \$0\n/);
  assert.match(text, /Total .* \$0\.031 \+1 unpriced\n/);
});
