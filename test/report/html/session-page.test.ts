import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { renderSessionHtml } from '../../../src/report/html/render.js';
import { openDb } from '../../../src/store/db.js';
import type { Db } from '../../../src/store/db.js';
import { tempDir } from '../../helpers/cli.js';
import { chromiumSkip, launchChromium, openFile, screenshot, type LoadedPage } from './browser.js';
import { FAKE_KEY, importRecordedSession, pageInput, writeEmptySession, writeRealisticSession, writeUnpricedSession } from './sessions.js';

const skip = chromiumSkip();
let browser: Browser;
let db: Db;
let realistic = '';
const dir = tempDir('clawtrace-html-');

before(async () => {
  db = openDb(path.join(dir, 'c.db'));
  realistic = writeRealisticSession(db);
  if (!skip) browser = await launchChromium();
});
after(async () => {
  db.close();
  await browser?.close();
});

/** Renders a stored session to a file and opens it; returns the page and what compileSession said. */
async function load(id: string, opts: { dark?: boolean } = {}): Promise<LoadedPage & { input: ReturnType<typeof pageInput> }> {
  const input = pageInput(db, id);
  const file = path.join(dir, `${id}.html`);
  fs.writeFileSync(file, renderSessionHtml(input));
  return { ...(await openFile(browser, file, opts)), input };
}

function clean(l: LoadedPage): void {
  assert.deepEqual(l.errors, [], 'the page logs no errors');
  assert.deepEqual(l.requests, [], 'the page fetches nothing');
}

const dataUsd = (page: Page, sel: string): Promise<number[]> => page.$$eval(sel, (els) => els.map((e) => Number(e.getAttribute('data-usd'))));

async function checkBarsFlagsLanes(l: LoadedPage & { input: ReturnType<typeof pageInput> }): Promise<void> {
  const { page, input } = l;
  const llmIds = input.structure.steps.filter((s) => s.kind === 'llm').map((s) => s.id);
  assert.equal(llmIds.length, input.card.totals.llm_calls);
  assert.deepEqual(await page.$$eval('svg.timeline rect.bar', (els) => els.map((e) => e.getAttribute('data-step'))), llmIds, 'one bar per call, in order');
  const cardWaste = input.card.flags.reduce((sum, f) => sum + (f.wasted_usd ?? 0), 0);
  const listed = await dataUsd(page, 'ol.flags li');
  assert.equal(listed.length, input.card.flags.length);
  assert.ok(Math.abs(listed.reduce((a, b) => a + b, 0) - cardWaste) < 1e-6, `flag list sums to ${cardWaste}`);
  const [total] = await dataUsd(page, '.flag-total');
  assert.ok(Math.abs((total ?? NaN) - cardWaste) < 1e-6);
  for (const a of input.structure.agents.filter((x) => x.kind === 'subagent')) {
    const lane = await page.$eval(`.lane[data-agent="${a.id}"]`, (el) => ({
      parent: el.parentElement?.closest('.lane')?.getAttribute('data-agent') ?? null,
      spawnedBy: el.getAttribute('data-spawned-by'),
      label: el.querySelector('.wf-label')?.textContent ?? '',
    }));
    assert.equal(lane.parent, a.parentAgentId, `${a.id}'s lane sits inside its parent's`);
    assert.equal(lane.spawnedBy, a.spawnedByStepId);
    if (a.spawnedByStepId) {
      assert.match(lane.label, new RegExp(`spawned by ${a.spawnedByStepId}\\b`));
      const inParent = await page.$eval(`.lane[data-agent="${a.parentAgentId}"] > .lane-row #wf-${a.spawnedByStepId}`, (el) => el.classList.contains('g-spawn'));
      assert.ok(inParent, 'the spawning step is drawn in the parent lane');
    }
  }
}

test('a realistic session: one bar per call, flags sum to the card, sub-agent lanes nest, secrets masked', { skip }, async () => {
  const l = await load(realistic);
  clean(l);
  await checkBarsFlagsLanes(l);
  const { page, input } = l;
  assert.ok(input.structure.agents.some((a) => a.parentAgentId !== null && a.parentAgentId !== 'main'), 'the fixture nests a sub-agent two deep');
  const html = await page.content();
  assert.ok(!html.includes(FAKE_KEY.slice(13)), 'the key is nowhere in the page');
  assert.match(await page.textContent('ol.conv') ?? '', /Bearer \*\*\*|sk-ant-api03-\*\*\*/);
  await screenshot(page, 'session-realistic-light');
  await page.close();
  const dark = await load(input.session.id, { dark: true });
  clean(dark);
  assert.notEqual(await dark.page.evaluate<string>('getComputedStyle(document.body).backgroundColor'), 'rgb(255, 255, 255)', 'dark scheme, dark page');
  await screenshot(dark.page, 'session-realistic-dark');
  await dark.page.close();
});

test('keyboard: the timeline takes focus, arrows move between calls with a tooltip, Enter opens the call', { skip }, async () => {
  const { page, input } = await load(realistic);
  const llm = input.structure.steps.filter((s) => s.kind === 'llm');
  await page.focus('svg.timeline');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getAttribute('svg.timeline', 'aria-activedescendant'), `tl-${llm[1]?.id}`);
  const tip = await page.textContent('#ct-tip');
  assert.ok(tip?.startsWith(`${llm[1]?.id} · `), tip ?? '');
  assert.match(tip ?? '', /tokens in/);
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate<string>('document.activeElement.id'), `step-${llm[llm.length - 1]?.id}`);
  await page.close();
});

test('a recorded session (proxy fixture with a sub-agent) draws the same way', { skip }, async () => {
  const l = await load(importRecordedSession(db));
  clean(l);
  await checkBarsFlagsLanes(l);
  assert.equal(l.input.session.source, 'demo');
  await screenshot(l.page, 'session-recorded');
  await l.page.close();
});

test('unpriced calls say unpriced, never $0', { skip }, async () => {
  const mixed = await load(writeUnpricedSession(db));
  clean(mixed);
  const unpriced = mixed.input.card.totals.cost.unpriced_calls;
  assert.equal(unpriced, 3);
  assert.equal(await mixed.page.locator('svg.timeline rect.bar.unpriced').count(), unpriced);
  assert.match(await mixed.page.textContent('.figures') ?? '', /\(\+3 unpriced\)/);
  await mixed.page.focus('svg.timeline');
  await mixed.page.keyboard.press('End');
  assert.match(await mixed.page.textContent('#ct-tip') ?? '', /cost unpriced/);
  await screenshot(mixed.page, 'session-some-unpriced');
  await mixed.page.close();
  const all = await load(writeUnpricedSession(db, true));
  clean(all);
  const cost = await all.page.textContent('.figure .value');
  assert.equal(cost, 'unpriced (3 calls)');
  assert.match(await all.page.textContent('#money') ?? '', /No call could be priced \(3 calls\)/);
  const figures = await all.page.$$eval('.figure', (els) => els.map((e) => e.textContent ?? ''));
  assert.match(figures.find((f) => f.startsWith('re-sent tool results')) ?? '', /^re-sent tool resultsunpriced/, 'carried cost of unpriced calls is unpriced too');
  assert.doesNotMatch(await all.page.textContent('#money table') ?? '', /\$0(?![.\d])/, 'no $0 for an unpriced model');
  await screenshot(all.page, 'session-all-unpriced');
  await all.page.close();
});

test('a session with no calls opens and says so', { skip }, async () => {
  const l = await load(writeEmptySession(db));
  clean(l);
  assert.equal(await l.page.locator('rect.bar').count(), 0);
  assert.match(await l.page.textContent('#timeline') ?? '', /No LLM calls/);
  assert.match(await l.page.textContent('#conversation') ?? '', /Nothing was recorded/);
  await screenshot(l.page, 'session-empty');
  await l.page.close();
});
