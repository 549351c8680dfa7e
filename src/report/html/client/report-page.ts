/**
 * The usage report page: spend per period as stacked columns (one colour per model or agent of the breakdown), or
 * per group (project, model, agent, session) as bars, then every figure in a table.
 */
import type { ReportRowView, ReportView } from '../view-data.js';
import { h, onResize, s, section, widthOf } from './dom.js';
import { fmtTokens, fmtUsd, int, money, pct, plural, ticks, usdTick } from './fmt.js';
import { attachStrip } from './strip.js';

const SERIES = 7;
const PAD_L = 64;
const PLOT_H = 220;
const r1 = (n: number): number => Math.round(n * 10) / 10;

/** The stack of each row: the biggest series apart, the rest as "other". */
function stacks(view: ReportView): { names: string[]; values: number[][] } {
  if (!view.series) return { names: ['spend'], values: view.rows.map((r) => [r.usd ?? 0]) };
  const { names, values } = view.series;
  if (names.length <= SERIES + 1) return { names, values };
  return { names: [...names.slice(0, SERIES), 'other'], values: values.map((v) => [...v.slice(0, SERIES), v.slice(SERIES).reduce((a, b) => a + b, 0)]) };
}

function columns(host: HTMLElement, view: ReportView): void {
  const avail = widthOf(host);
  host.replaceChildren();
  const rows = view.rows;
  if (rows.length === 0) {
    host.append(h('p', { class: 'empty' }, 'No usage in this report.'));
    return;
  }
  const { names, values } = stacks(view);
  const colW = Math.max(6, Math.min(64, (avail - PAD_L - 16) / rows.length));
  const width = PAD_L + colW * rows.length + 16;
  const max = Math.max(0, ...values.map((v) => v.reduce((a, b) => a + b, 0)));
  const tk = ticks(max);
  const scale = tk[tk.length - 1] || 1;
  const bottom = 8 + PLOT_H;
  const svg = s('svg', { class: 'report-chart', width: r1(width), height: bottom + 40, role: 'listbox', 'aria-label': `Spend per ${view.kind === 'daily' ? 'day' : view.kind === 'weekly' ? 'week' : 'month'}: ${plural(rows.length, 'column')}. Arrow keys move between them.` });
  svg.append(s('defs', undefined, s('pattern', { id: 'rp-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, s('rect', { width: 3, height: 6, class: 'hatch' }))));
  const axis = s('g', { class: 'axis', 'aria-hidden': 'true' });
  for (const v of tk) {
    const y = r1(bottom - (v / scale) * PLOT_H);
    axis.append(s('line', { x1: PAD_L, x2: r1(width - 16), y1: y, y2: y, class: 'grid' }), s('text', { x: PAD_L - 6, y: y + 4, 'text-anchor': 'end' }, usdTick(v)));
  }
  const every = Math.max(1, Math.ceil(70 / colW));
  rows.forEach((r, i) => {
    if (i % every === 0) axis.append(s('text', { x: r1(PAD_L + i * colW + colW / 2), y: bottom + 16, 'text-anchor': 'middle' }, r.label));
  });
  svg.append(axis);
  const paths: string[][] = names.map(() => []);
  const ids: string[] = [];
  const cols = s('g');
  rows.forEach((r, i) => {
    const x = PAD_L + i * colW + 1;
    const w = colW - 2;
    let top = bottom;
    if (r.usd === null) {
      top = bottom - 24;
      cols.append(s('rect', { x: r1(x), y: top, width: r1(w), height: 24, fill: 'url(#rp-hatch)', 'aria-hidden': 'true' }));
    } else {
      (values[i] ?? []).forEach((v, k) => {
        const hgt = (v / scale) * PLOT_H;
        if (hgt > 0) paths[k]?.push(`M${r1(x)} ${r1(top - hgt)}h${r1(w)}v${r1(hgt)}h${r1(-w)}z`);
        top -= hgt;
      });
    }
    top = Math.min(top, bottom - 2);
    ids.push(`rp-${i}`);
    cols.append(s('rect', { id: `rp-${i}`, class: 'bar', x: r1(x), y: r1(top), width: r1(w), height: r1(bottom - top), role: 'option', 'aria-label': `${r.label}: ${money(r.usd, r.unpriced)}` }));
  });
  names.forEach((_, k) => svg.append(s('path', { class: `seg s${k}`, d: paths[k]?.join('') ?? '', 'aria-hidden': 'true' })));
  svg.append(cols);
  host.append(h('div', { class: 'scroll-x' }, svg), h('p', { class: 'legend' }, ...names.map((n, k) => h('span', { class: 'key' }, s('svg', { width: 12, height: 12, 'aria-hidden': 'true' }, s('rect', { width: 12, height: 12, class: `s${k}` })), n))));
  attachStrip({
    host: svg,
    ids,
    indexAt(ev) {
      const i = Math.floor((ev.clientX - svg.getBoundingClientRect().left - PAD_L) / colW);
      return i >= 0 && i < rows.length ? i : null;
    },
    anchorOf(i) {
      const box = svg.getBoundingClientRect();
      return { x: box.left + PAD_L + i * colW + colW / 2, y: box.top + 8 };
    },
    tipOf(i) {
      const r = rows[i] as ReportRowView;
      const parts = names.map((n, k) => [n, values[i]?.[k] ?? 0] as const).filter(([, v]) => v > 0).map(([n, v]) => `${n}: ${fmtUsd(v)}`);
      return { title: `${r.label}: ${money(r.usd, r.unpriced, r.estimated)}`, lines: [`${plural(r.calls, 'call')}, ${plural(r.sessions, 'session')}`, ...parts] };
    },
  });
}

function bars(view: ReportView): HTMLElement {
  const max = Math.max(0, ...view.rows.map((r) => r.usd ?? 0));
  const list = h('div', { class: 'hbars' });
  for (const r of view.rows) {
    const b = h('span', { class: 's0' });
    b.style.width = `${max > 0 ? ((r.usd ?? 0) / max) * 100 : 0}%`;
    list.append(h('div', { class: 'hbar-row' }, h('span', { class: 'name' }, r.label), h('div', { class: 'hbar', 'aria-hidden': 'true' }, b), h('span', { class: 'usd' }, money(r.usd, r.unpriced, r.estimated))));
  }
  return list;
}

function tableRow(r: ReportRowView, sub: boolean): HTMLTableRowElement {
  const t = r.tokens;
  return h(
    'tr',
    { class: sub ? 'sub' : undefined, 'data-key': r.key, 'data-usd': r.usd ?? '', 'data-unpriced': r.unpriced },
    h('th', { scope: 'row' }, sub ? `· ${r.label}` : r.label),
    h('td', undefined, money(r.usd, r.unpriced, r.estimated)),
    h('td', undefined, int(r.calls)),
    h('td', undefined, int(r.sessions)),
    h('td', undefined, `${fmtTokens(t[0])} / ${fmtTokens(t[3])}`),
    h('td', undefined, pct(r.cacheHitRate)),
  );
}

export function renderReportPage(root: HTMLElement, view: ReportView): void {
  const t = view.totals;
  const scope = [view.since && `since ${view.since}`, view.until && `until ${view.until}`, `times in ${view.tz}`, ...view.filters.map(([k, v]) => `${k} = ${v}`)].filter(Boolean);
  const chartHost = h('div', { class: 'chart' });
  const body = h('tbody');
  for (const r of view.rows) {
    body.append(tableRow(r, false));
    for (const b of r.breakdown) body.append(tableRow(b, true));
  }
  const table = h(
    'table',
    { class: 'money report' },
    h('caption', undefined, 'Every row (costs are the priced part; unpriced calls are counted, never priced at $0)'),
    h('thead', undefined, h('tr', undefined, ...['', 'cost', 'calls', 'sessions', 'tokens in / out', 'cache hit'].map((c) => h('th', { scope: 'col' }, c)))),
    body,
    h('tfoot', undefined, tableRow({ ...t, label: 'total' }, false)),
  );
  root.append(
    h('header', undefined, h('h1', undefined, `Usage report: ${view.kind}`), h('p', { class: 'muted' }, scope.join(' · ')), h('div', { class: 'figures' },
      h('div', { class: 'figure' }, h('div', { class: 'label' }, 'cost'), h('div', { class: 'value' }, money(t.usd, t.unpriced, t.estimated)), t.unpriced ? h('div', { class: 'muted' }, `${plural(t.unpriced, 'call')} could not be priced`) : null),
      h('div', { class: 'figure' }, h('div', { class: 'label' }, 'calls'), h('div', { class: 'value' }, int(t.calls)), h('div', { class: 'muted' }, plural(t.sessions, 'session'))),
      h('div', { class: 'figure' }, h('div', { class: 'label' }, 'tokens in / out'), h('div', { class: 'value' }, `${fmtTokens(t.tokens[0])} / ${fmtTokens(t.tokens[3])}`), h('div', { class: 'muted' }, `cache hit ${pct(t.cacheHitRate)}`)),
    )),
    section('chart', view.timeSeries ? 'Spend over time' : `Spend per ${view.kind.replace(/s$/, '')}`, view.timeSeries ? chartHost : bars(view)),
    section('rows', 'Figures', table),
  );
  if (view.timeSeries) {
    columns(chartHost, view);
    onResize(() => columns(chartHost, view));
  }
}
