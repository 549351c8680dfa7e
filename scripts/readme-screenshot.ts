// The README's picture of the session view: the realistic synthetic session of the HTML tests (a flaky test fixed
// by Claude Code with nested sub-agents), rendered and photographed in headless Chromium. Build first (npm run
// build), then: npx tsx scripts/readme-screenshot.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../src/store/db.js';
import { renderSessionHtml } from '../src/report/html/render.js';
import { launchChromium } from '../test/report/html/browser.js';
import { pageInput, writeRealisticSession } from '../test/report/html/sessions.js';

const db = openDb(':memory:');
const html = renderSessionHtml(pageInput(db, writeRealisticSession(db)));
db.close();
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'clawtrace-shot-')), 'session.html');
fs.writeFileSync(file, html);
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1100, height: 860 } });
await page.goto(`file://${file}`);
await page.waitForSelector('html[data-ready="true"]');
// a call focused from the keyboard, so the picture shows a tooltip too
await page.focus('svg.timeline');
for (let i = 0; i < 16; i++) await page.keyboard.press('ArrowRight');
const out = path.join('docs', 'html-view.png');
fs.mkdirSync('docs', { recursive: true });
await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 1100, height: 860 } });
await browser.close();
process.stdout.write(`wrote ${out} (${Math.round(fs.statSync(out).size / 1024)} KB)\n`);
