import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { buildCard } from '../../../src/compile/card/build-card.js';
import type { TraceCard } from '../../../src/compile/card/schema.js';
import { computeStepCosts } from '../../../src/compile/cost/step-costs.js';
import { makePriceTable } from '../../../src/compile/pricing/price-table.js';
import { buildStructure } from '../../../src/compile/structure/index.js';
import { blankSession } from '../../../src/domain/session.js';
import { renderSessionHtml } from '../../../src/report/html/render.js';
import { syntheticCalls } from '../../../bench/synthetic.js';
import { tempDir } from '../../helpers/cli.js';
import { chromiumSkip, launchChromium, openFile, screenshot } from './browser.js';

const skip = chromiumSkip();
let browser: Browser;
const dir = tempDir('clawtrace-html-odd-');
before(async () => {
  if (!skip) browser = await launchChromium();
});
after(async () => browser?.close());

/** A session of `turns` shell turns (bench/synthetic), compiled the way compileSession does, with some answers. */
function synthetic(turns: number, text: (i: number) => string) {
  const calls = syntheticCalls(turns, 'long').map((c, i) => ({ ...c, call: { ...c.call, outputText: text(i) } }));
  const structure = buildStructure(calls);
  const costs = computeStepCosts(structure, makePriceTable([]));
  const session = blankSession({ id: 'long', source: 'record', startedAt: calls[0]?.startedAt ?? 0, endedAt: (calls[calls.length - 1]?.endedAt ?? 0) + 100 });
  return { session, structure, costs, card: buildCard({ session, structure, costs }), calls };
}

async function open(name: string, html: string) {
  const file = path.join(dir, `${name}.html`);
  fs.writeFileSync(file, html);
  const l = await openFile(browser, file);
  assert.deepEqual(l.errors, []);
  return l.page;
}

test('text that looks like markup stays text; a flag kind no detector has today is listed with its fields', { skip }, async () => {
  const hostile = '</script><script>document.title="pwned"</script><img src=x onerror="document.title=1">';
  const input = synthetic(6, (i) => (i === 2 ? hostile : ''));
  const odd = { kind: 'speculative_fanout', steps: ['s3', 's4'], target: 'Bash', wasted_usd: 0.25, evidence: 'three agents asked the same question', confidence: 0.7 };
  const card = { ...input.card, flags: [...input.card.flags, odd] } as unknown as TraceCard;
  const page = await open('odd', renderSessionHtml({ ...input, card }));
  assert.equal(await page.title(), 'clawtrace · session long');
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await page.textContent('#step-s5 .msg.assistant pre'), hostile);
  const item = page.locator('ol.flags li[data-kind="speculative_fanout"]');
  assert.match(await item.textContent() ?? '', /speculative_fanout\s*\$0\.250[\s\S]*confidence: 0\.7/);
  assert.match(await page.textContent('#timeline .legend') ?? '', /speculative_fanout/);
  assert.equal(await page.locator('svg.timeline path.mark').count(), new Set(card.flags.map((f) => f.kind)).size, 'a marker row per kind');
  await screenshot(page, 'session-odd');
  await page.close();
});

test('a long conversation opens 250 steps at a time; a link to a later step shows what it needs and focuses it', { skip }, async () => {
  const input = synthetic(300, (i) => (i % 50 === 0 ? `checkpoint ${i}` : ''));
  assert.equal(input.structure.steps.length, 600);
  const page = await open('long', renderSessionHtml(input));
  assert.equal(await page.locator('svg.timeline rect.bar').count(), 300);
  assert.equal(await page.locator('ol.conv > li').count(), 250);
  await page.click('button.more');
  assert.equal(await page.locator('ol.conv > li').count(), 500);
  const late = input.card.flags.flatMap((f) => f.steps).map((id) => Number(id.slice(1))).filter((n) => n > 500).sort((a, b) => a - b)[0];
  assert.ok(late, 'some flag names a step past 500');
  await page.click(`ol.flags a[data-step="s${late}"]`);
  assert.equal(await page.locator('ol.conv > li').count(), 600);
  assert.equal(await page.evaluate<string>('document.activeElement.id'), `step-s${late}`);
  assert.equal(await page.isHidden('button.more'), true);
  await page.close();
});
