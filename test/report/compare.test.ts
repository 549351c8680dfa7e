import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { compileSession } from '../../src/compile/compile-session.js';
import { makePriceTable } from '../../src/compile/pricing/price-table.js';
import type { TraceCard } from '../../src/compile/card/schema.js';
import { bootstrapMedianDiff, quantile } from '../../src/report/compare-stats.js';
import { compareGroups, renderCompare } from '../../src/report/compare-view.js';
import { openDb } from '../../src/store/db.js';
import { importSession } from '../helpers/session-fixture.js';
import { REPO_ROOT } from '../helpers/cli.js';

const BASE: TraceCard = (() => {
  const db = openDb(':memory:');
  const id = importSession(db, path.join(REPO_ROOT, 'fixtures', 'sessions', 'demo-fix-ok.json'));
  return compileSession(db, id, makePriceTable([])).card;
})();

/** A card that cost `usd` (null: one call unpriced), with this label and model. */
function card(id: string, usd: number | null, o: { label?: string; model?: string } = {}): TraceCard {
  const cost = { ...BASE.totals.cost, total_usd: usd, unpriced_calls: usd === null ? 1 : 0 };
  const byModel = BASE.totals.by_model.map((m) => ({ ...m, model: o.model ?? m.model }));
  return { ...BASE, session: { ...BASE.session, id, label: o.label ?? 'fix-bug' }, totals: { ...BASE.totals, cost, by_model: byModel } };
}

test('quantiles interpolate between ranks', () => {
  assert.equal(quantile([4, 1, 3, 2], 0.5), 2.5);
  assert.equal(quantile([1, 2, 3, 4, 5], 0.25), 2);
  assert.equal(quantile([], 0.5), 0);
});

test('the bootstrap interval is reproducible, contains the observed difference, and excludes 0 for a clear drop', () => {
  const before = [1.0, 1.1, 0.9, 1.2, 1.05, 0.95, 1.15];
  const after = [0.5, 0.55, 0.45, 0.6, 0.52, 0.48, 0.58];
  const ci = bootstrapMedianDiff(before, after);
  assert.deepEqual(ci, bootstrapMedianDiff(before, after), 'same data, same interval');
  assert.ok(ci && ci[1] < 0, `a clear drop excludes 0: ${String(ci)}`);
  assert.ok(ci && ci[0] <= 0.52 - 1.05 && ci[1] >= 0.52 - 1.05, 'the observed difference (−0.53) lies inside');
  const noisy = bootstrapMedianDiff([1, 5, 2, 8, 3], [2, 6, 1, 7, 3]);
  assert.ok(noisy && noisy[0] < 0 && noisy[1] > 0, 'overlapping groups: the interval includes no change');
  assert.equal(bootstrapMedianDiff([], [1]), null);
});

test('small groups, unpriced sessions and different work are said, and unpriced sessions never count as $0', () => {
  const before = [card('b1', 1), card('b2', 2), card('b3', null)];
  const after = [card('a1', 0.5, { label: 'write-docs' }), card('a2', 0.7, { label: 'write-docs' })];
  const c = compareGroups(before, after);
  assert.equal(c.before.priced_sessions, 2);
  assert.equal(c.before.cost.median, 1.5, 'the unpriced session is left out, not $0');
  assert.equal(c.cost_median_diff, 0.6 - 1.5);
  const w = c.warnings.join('\n');
  assert.match(w, /before group has 3 session\(s\), fewer than 5/);
  assert.match(w, /after group has 2 session\(s\)/);
  assert.match(w, /1 before session\(s\) with unpriced calls \(1 calls\) are left out/);
  assert.match(w, /different labels \(fix-bug vs write-docs\)/);
  const text = renderCompare(c);
  assert.match(text, /3 \(2\)/);
  assert.match(text, /95% bootstrap interval/);
  assert.match(text, /warning: the groups ran different labels/);
});

test('five like sessions a side: no warnings', () => {
  const before = [1, 1.2, 0.9, 1.1, 1.05].map((u, i) => card(`b${i}`, u));
  const after = [0.8, 0.85, 0.7, 0.9, 0.75].map((u, i) => card(`a${i}`, u));
  const c = compareGroups(before, after);
  assert.deepEqual(c.warnings, []);
  assert.ok(Math.abs(c.cost_median_diff - (0.8 - 1.05)) < 1e-12);
  assert.equal(c.before.success_rate, 1);
});
