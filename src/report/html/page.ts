import { createHash } from 'node:crypto';
import { CLIENT_SCRIPT } from './client-bundle.generated.js';
import { PAGE_CSS } from './styles.js';
import type { PageView } from './view-data.js';

const hash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON that can sit inside a <script> element: every `<` escaped (so no `</script>` or `<!--` can end or bend it),
 * and the two line separators JSON allows but older script parsers do not.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * One self-contained page: the stylesheet, the data (once, as JSON) and the script that draws it. A content
 * security policy allows exactly this page's own script and stylesheet and nothing else: no network, no other
 * script, even if some recorded text tried to look like one.
 */
export function renderPage(title: string, view: PageView): string {
  const csp = [`default-src 'none'`, `script-src ${hash(CLIENT_SCRIPT)}`, `style-src ${hash(PAGE_CSS)}`, `img-src data:`, `base-uri 'none'`, `form-action 'none'`].join('; ');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="generator" content="clawtrace">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${PAGE_CSS}</style>`,
    '</head>',
    '<body>',
    '<main id="ct-root"><noscript>This page draws its views with JavaScript; its data is in the page as JSON (the element with id ct-data).</noscript></main>',
    `<script type="application/json" id="ct-data">${scriptSafeJson(view)}</script>`,
    `<script>${CLIENT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
