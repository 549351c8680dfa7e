/**
 * The page's script: reads the data the page embeds (one JSON block) and draws the session or report view from it.
 * Bundled into src/report/html/client-bundle.generated.ts by scripts/bundle-html-client.ts; nothing is fetched.
 */
import type { PageView } from '../view-data.js';
import { h } from './dom.js';
import { renderReportPage } from './report-page.js';
import { renderSessionPage } from './session-page.js';

const THEMES = ['auto', 'light', 'dark'] as const;

function themeToggle(): HTMLElement {
  let i = 0;
  const btn = h('button', { type: 'button', class: 'theme', 'aria-label': 'colour theme' }, 'theme: auto');
  btn.addEventListener('click', () => {
    i = (i + 1) % THEMES.length;
    const theme = THEMES[i] ?? 'auto';
    if (theme === 'auto') delete document.documentElement.dataset['theme'];
    else document.documentElement.dataset['theme'] = theme;
    btn.textContent = `theme: ${theme}`;
  });
  return btn;
}

function start(): void {
  const data = document.getElementById('ct-data');
  const root = document.getElementById('ct-root');
  if (!data || !root) throw new Error('clawtrace page: its data or root element is missing');
  const view = JSON.parse(data.textContent ?? '{}') as PageView;
  root.replaceChildren(themeToggle());
  if (view.view === 'session') renderSessionPage(root, view);
  else renderReportPage(root, view);
  // drawn and laid out: the next frame paints it (tests and the benchmark wait for this)
  requestAnimationFrame(() => {
    document.documentElement.dataset['ready'] = 'true';
    performance.mark('clawtrace-ready');
  });
}

start();
