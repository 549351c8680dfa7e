import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCard } from '../src/compile/card/build-card.js';
import { computeStepCosts } from '../src/compile/cost/step-costs.js';
import { makePriceTable } from '../src/compile/pricing/price-table.js';
import { buildStructure } from '../src/compile/structure/index.js';
import { renderSessionHtml } from '../src/report/html/render.js';
import { chromiumPath, launchChromium } from '../test/report/html/browser.js';
import { round, type BenchResult } from './bench-result.js';
import { SYNTHETIC_SESSION } from './card-bench.js';
import { syntheticCalls } from './synthetic.js';

const LOADS = 3;

/**
 * The session page of a 10,000-step session (5,000 LLM calls, 5,000 tool uses) in headless Chromium: time from
 * navigation until the page is drawn and laid out (the page marks `clawtrace-ready` in the frame after its script
 * ran), worst of three loads; then how long one keyboard step along the cost timeline takes (focus moves, tooltip
 * drawn, layout flushed), averaged over 200 steps. Target: drawn in < 2 s.
 */
export async function runHtmlBench(): Promise<BenchResult> {
  if (!chromiumPath()) return { name: 'HTML view of a 10,000-step session', metrics: { skipped: 'chromium not installed (apt-get install chromium)' }, pass: false };
  const calls = syntheticCalls(5000);
  const structure = buildStructure(calls);
  const costs = computeStepCosts(structure, makePriceTable([]));
  const card = buildCard({ session: SYNTHETIC_SESSION, structure, costs });
  const t0 = performance.now();
  const html = renderSessionHtml({ session: SYNTHETIC_SESSION, structure, costs, card, calls });
  const renderMs = performance.now() - t0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawtrace-html-bench-'));
  const file = path.join(dir, 'session.html');
  fs.writeFileSync(file, html);
  const browser = await launchChromium();
  try {
    const ready: number[] = [];
    let bars = 0;
    let keyMs = 0;
    for (let i = 0; i < LOADS; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`file://${file}`);
      await page.waitForSelector('html[data-ready="true"]', { timeout: 60_000 });
      ready.push(await page.evaluate<number>(`performance.getEntriesByName('clawtrace-ready')[0].startTime`));
      if (i === LOADS - 1) {
        bars = await page.locator('svg.timeline rect.bar').count();
        await page.focus('svg.timeline');
        keyMs = await page.evaluate<number>(`(() => {
          const svg = document.querySelector('svg.timeline');
          const t = performance.now();
          for (let k = 0; k < 200; k++) {
            svg.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
            document.getElementById('ct-tip').getBoundingClientRect();
          }
          return (performance.now() - t) / 200;
        })()`);
      }
      await page.close();
    }
    const worst = Math.max(...ready);
    return {
      name: 'HTML view of a 10,000-step session',
      metrics: {
        steps: structure.steps.length,
        bars,
        html_kb: round(Buffer.byteLength(html) / 1024, 0),
        node_render_ms: round(renderMs, 0),
        chromium_ready_ms: ready.map((r) => round(r, 0)).join(' / '),
        keyboard_step_ms: round(keyMs, 2),
      },
      pass: worst < 2000 && bars === 5000,
    };
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
