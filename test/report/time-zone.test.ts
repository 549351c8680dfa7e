import assert from 'node:assert/strict';
import test from 'node:test';
import type { UsageFact } from '../../src/domain/usage-report.js';
import { addDays, checkTimeZone, localDate, localDateTime, offsetAt, offsetSegments, startOfLocalDay } from '../../src/report/time-zone.js';
import { openDb } from '../../src/store/db.js';
import { insertSession } from '../../src/store/sessions-repo.js';
import { aggregateFacts } from '../../src/store/usage-aggregate.js';
import { writeSummary } from '../../src/store/summaries-repo.js';
import { blankSession } from '../../src/domain/session.js';

const H = 3_600_000;

test('offsets and their changes: Paris and New York around the end of summer time, Kolkata without any', () => {
  assert.equal(offsetAt('Europe/Paris', Date.UTC(2026, 9, 24, 12)), 2 * H);
  assert.equal(offsetAt('Europe/Paris', Date.UTC(2026, 9, 26, 12)), 1 * H);
  const paris = offsetSegments('Europe/Paris', Date.UTC(2026, 9, 20), Date.UTC(2026, 10, 5));
  // summer time ends 25 October 2026 at 01:00 UTC
  assert.deepEqual(paris, [{ until: Date.UTC(2026, 9, 25, 1), offsetMs: 2 * H }, { until: null, offsetMs: H }]);
  const ny = offsetSegments('America/New_York', Date.UTC(2026, 9, 20), Date.UTC(2026, 10, 5));
  // 1 November 2026 at 06:00 UTC (02:00 EDT)
  assert.deepEqual(ny, [{ until: Date.UTC(2026, 10, 1, 6), offsetMs: -4 * H }, { until: null, offsetMs: -5 * H }]);
  assert.deepEqual(offsetSegments('Asia/Kolkata', Date.UTC(2026, 0, 1), Date.UTC(2026, 11, 31)), [{ until: null, offsetMs: 5.5 * H }]);
});

test('local dates, the first instant of a local day, calendar arithmetic, zone names', () => {
  assert.equal(localDate('Europe/Paris', Date.UTC(2026, 9, 24, 22, 0, 5)), '2026-10-25');
  assert.equal(localDateTime('Asia/Kolkata', Date.UTC(2026, 0, 1, 20, 0)), '2026-01-02 01:30');
  assert.equal(startOfLocalDay('Europe/Paris', '2026-10-25'), Date.UTC(2026, 9, 24, 22));
  assert.equal(startOfLocalDay('Europe/Paris', '2026-10-26'), Date.UTC(2026, 9, 25, 23), 'a 25-hour day ends an hour later');
  assert.equal(startOfLocalDay('UTC', '2026-02-28'), Date.UTC(2026, 1, 28));
  // Santiago skips midnight when summer time starts (6 September 2026): the day starts at 01:00 local
  const santiago = startOfLocalDay('America/Santiago', '2026-09-06');
  assert.equal(localDate('America/Santiago', santiago), '2026-09-06');
  assert.equal(localDate('America/Santiago', santiago - 1000), '2026-09-05');
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(addDays('2026-03-01', -1), '2026-02-28');
  assert.equal(checkTimeZone('europe/paris'), 'Europe/Paris');
  assert.equal(checkTimeZone('Mars/Olympus'), null);
});

test('SQL day buckets equal the local date of every call, in zones with and without summer time', () => {
  const db = openDb(':memory:');
  insertSession(db, blankSession({ id: 's', source: 'import', startedAt: 0 }));
  // a call every 37 minutes over five weeks around both end-of-summer-time dates
  const facts: UsageFact[] = [];
  const from = Date.UTC(2026, 9, 20);
  for (let i = 0, t = from; t < from + 35 * 24 * H; i++, t += 37 * 60_000) {
    facts.push({ sessionId: 's', callId: i, startedAt: t, project: null, agentName: null, agentId: 'main', provider: 'anthropic', model: 'm', auxiliary: false, costUsd: 1, estimated: false, inputUncached: 1, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 });
  }
  const summary = { sessionId: 's', project: null, firstPrompt: null, mainModel: null, models: [], llmCalls: 0, toolUses: 0, subAgents: 0, costUsd: 0, unpricedCalls: 0, estimatedCalls: 0, tokens: { input: 0, cache_read: 0, cache_write: 0, output: 0, reasoning: 0 }, flags: null };
  writeSummary(db, { compileVersion: 1, parserVersion: 1, priceKey: 'k' }, summary, facts);
  const last = facts[facts.length - 1]?.startedAt ?? from;
  for (const tz of ['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC']) {
    const expected = new Map<string, number>();
    for (const f of facts) expected.set(localDate(tz, f.startedAt), (expected.get(localDate(tz, f.startedAt)) ?? 0) + 1);
    const rows = aggregateFacts(db, { fromMs: null, toMs: null, projects: null, agents: null, models: null }, { by: 'day', offsets: offsetSegments(tz, from, last) });
    assert.deepEqual(new Map(rows.map((r) => [r.key ?? '', r.calls])), expected, tz);
  }
});
