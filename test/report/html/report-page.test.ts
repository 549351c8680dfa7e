import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { UsageReport, UsageRow } from '../../../src/domain/usage-report.js';
import { UsageReportSchema } from '../../../src/domain/usage-report.js';
import { renderReportHtml } from '../../../src/report/html/render.js';
import { tempDir } from '../../helpers/cli.js';
import { chromiumSkip, launchChromium, openFile, screenshot } from './browser.js';

const skip = chromiumSkip();
let browser: Browser;
const dir = tempDir('clawtrace-report-html-');
before(async () => {
  if (!skip) browser = await launchChromium();
});
after(async () => browser?.close());

/** A row with tokens in proportion to its cost (made-up but consistent figures). */
function row(key: string, label: string, usd: number, calls: number, unpriced = 0, breakdown?: UsageRow[]): UsageRow {
  const tokens = { input: Math.round(usd * 300_000), cache_read: Math.round(usd * 240_000), cache_write: Math.round(usd * 20_000), output: Math.round(usd * 4000), reasoning: 0 };
  return { key, label, cost_usd: usd, unpriced_calls: unpriced, estimated_calls: 0, tokens, calls, sessions: Math.max(1, Math.round(calls / 40)), cache_hit_rate: 0.8, ...(breakdown ? { breakdown } : {}) };
}

function report(kind: UsageReport['kind'], rows: UsageRow[]): UsageReport {
  const sum = (f: (r: UsageRow) => number): number => rows.reduce((a, r) => a + f(r), 0);
  const totals = row('total', 'total', Math.round(sum((r) => r.cost_usd) * 1e6) / 1e6, sum((r) => r.calls), sum((r) => r.unpriced_calls));
  return UsageReportSchema.parse({ kind, tz: 'Europe/Berlin', since: '2026-11-01', until: null, filters: { project: null, agent: 'claude-code', model: null }, rows, totals });
}

const MODELS = ['claude-sonnet-4-5', 'claude-haiku-4-5', 'gpt-5.1-codex'];

/** Two weeks of spend, each day split by model; one day's calls all on an unpriced model. */
function daily(): UsageReport {
  const rows: UsageRow[] = [];
  for (let d = 1; d <= 14; d++) {
    const day = `2026-11-${String(d).padStart(2, '0')}`;
    if (d === 9) {
      rows.push(row(day, day, 0, 12, 12, [row('acme-coder-9', 'acme-coder-9', 0, 12, 12)]));
      continue;
    }
    const parts = MODELS.map((m, i) => row(m, m, Math.round(((d * 7 + i * 13) % 11) * (3 - i) * 100) / 100 + 0.05, 20 + i * 5));
    rows.push(row(day, day, Math.round(parts.reduce((a, p) => a + p.cost_usd, 0) * 100) / 100, parts.reduce((a, p) => a + p.calls, 0), 0, parts));
  }
  return report('daily', rows);
}

async function open(name: string, r: UsageReport) {
  const file = path.join(dir, `${name}.html`);
  fs.writeFileSync(file, renderReportHtml(r));
  const l = await openFile(browser, file);
  assert.deepEqual(l.errors, []);
  assert.deepEqual(l.requests, []);
  return l;
}

test('daily report: one stacked column per day, a series per model, unpriced day says unpriced', { skip }, async () => {
  const r = daily();
  const { page } = await open('report-daily', r);
  assert.equal(await page.locator('svg.report-chart rect.bar').count(), r.rows.length);
  assert.equal(await page.locator('svg.report-chart path.seg').count(), MODELS.length, 'a series per priced model (the unpriced one has nothing to stack)');
  assert.equal(await page.locator('svg.report-chart rect[fill="url(#rp-hatch)"]').count(), 1, 'the unpriced day is hatched');
  const usd = await page.$$eval('tbody tr:not(.sub)', (els) => els.map((e) => e.getAttribute('data-usd')));
  assert.deepEqual(usd, r.rows.map((x) => (x.calls === x.unpriced_calls ? '' : String(x.cost_usd))));
  const unpricedDay = await page.textContent('tbody tr[data-key="2026-11-09"]:not(.sub) td');
  assert.match(unpricedDay ?? '', /^unpriced/);
  assert.match(await page.textContent('header') ?? '', /\(\+12 unpriced\)/);
  await page.focus('svg.report-chart');
  await page.keyboard.press('ArrowRight');
  assert.match(await page.textContent('#ct-tip') ?? '', /^2026-11-02: \$/);
  await screenshot(page, 'report-daily');
  await page.close();
});

test('projects report: a bar per project; an empty report opens and says so', { skip }, async () => {
  const r = report('projects', [row('/home/dev/acme-api', 'acme-api', 41.2, 1300), row('/home/dev/site', 'site', 6.5, 210), row('/home/dev/infra', 'infra', 0, 4, 4)]);
  const { page } = await open('report-projects', r);
  assert.deepEqual(await page.$$eval('.hbar-row .name', (els) => els.map((e) => e.textContent)), ['acme-api', 'site', 'infra']);
  assert.deepEqual(await page.$$eval('.hbar-row .usd', (els) => els.map((e) => e.textContent)), ['$41.200', '$6.500', 'unpriced (4 calls)']);
  await screenshot(page, 'report-projects');
  await page.close();
  const empty = await open('report-empty', report('weekly', []));
  assert.match(await empty.page.textContent('#chart') ?? '', /No usage/);
  await screenshot(empty.page, 'report-empty');
  await empty.page.close();
});
