import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../helpers/cli.js';

/** Debian's chromium, started headless with nothing that reaches the network on its own. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Screenshots of every fixture view, for a person to look at (gitignored). */
export const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'html');

export function chromiumPath(): string | null {
  const candidates = [process.env['CLAWTRACE_CHROMIUM'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => Boolean(p));
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

/**
 * false when the tests can run; otherwise why they are skipped. In CI (CI or CLAWTRACE_REQUIRE_CHROMIUM set) a
 * missing browser is never a skip: the tests run and fail on launch.
 */
export function chromiumSkip(): string | false {
  if (chromiumPath()) return false;
  if (process.env['CI'] || process.env['CLAWTRACE_REQUIRE_CHROMIUM']) return false;
  return 'chromium is not installed (apt-get install chromium): the HTML view tests are skipped';
}

export async function launchChromium(): Promise<Browser> {
  const exe = chromiumPath();
  if (!exe) throw new Error('chromium not found (/usr/bin/chromium or CLAWTRACE_CHROMIUM): CI requires it for the HTML view tests');
  return chromium.launch({ executablePath: exe, args: CHROMIUM_ARGS });
}

export interface LoadedPage {
  page: Page;
  /** console errors, uncaught exceptions and security-policy violations */
  errors: string[];
  /** every request the page made for something other than its own file */
  requests: string[];
}

/** Opens an HTML file from disk and waits until its script has drawn it. */
export async function openFile(browser: Browser, file: string, opts: { dark?: boolean; width?: number } = {}): Promise<LoadedPage> {
  const page = await browser.newPage({ viewport: { width: opts.width ?? 1280, height: 900 }, colorScheme: opts.dark ? 'dark' : 'light' });
  const errors: string[] = [];
  const requests: string[] = [];
  const url = `file://${path.resolve(file)}`;
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== url) requests.push(r.url());
  });
  await page.goto(url);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 20_000 });
  return { page, errors, requests };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
