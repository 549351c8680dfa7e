/** The flags, largest waste first: kind (colour and shape), dollars, evidence, and links to their steps. */
import type { SessionView } from '../view-data.js';
import { h, s, section } from './dom.js';
import { fmtUsd, money, plural } from './fmt.js';
import { shapePath, type FlagStyle } from './palette.js';
import type { TimelineApi } from './timeline.js';

export function flagBadge(kind: string, styles: Map<string, FlagStyle>): SVGSVGElement {
  const st = styles.get(kind);
  return s('svg', { class: 'badge', width: 14, height: 14, 'aria-hidden': 'true' }, s('path', { class: `mark ${st?.cls ?? ''}`, d: shapePath(st?.shape ?? 'circle', 7, 7, 5.5) }));
}

export function renderFlags(view: SessionView, styles: Map<string, FlagStyle>, timeline: TimelineApi, open: (id: string) => void): HTMLElement {
  const t = view.totals;
  const total = h(
    'p',
    { class: 'flag-total', 'data-usd': t.wasteUsd, 'data-unpriced': t.wasteUnpriced },
    `${plural(view.flags.length, 'flag')}, ${fmtUsd(t.wasteUsd)} of waste by their own estimates`,
    t.wasteUnpriced ? `, plus ${plural(t.wasteUnpriced, 'flag')} involving unpriced calls (no dollar figure)` : '',
    view.flags.length > 1 ? ' (two flags can name the same call)' : '',
    '.',
  );
  if (view.flags.length === 0) return section('flags', 'Flags', total, h('p', { class: 'muted' }, 'None of the detectors found waste in this session.'));
  const list = h('ol', { class: 'flags' });
  for (const f of view.flags) {
    const links = h('span', { class: 'steps' }, 'steps: ');
    f.steps.forEach((id, i) => {
      const a = h('a', { href: `#step-${id}`, 'data-step': id }, id);
      a.addEventListener('click', (e) => {
        e.preventDefault();
        open(id);
      });
      links.append(i ? ', ' : '', a);
    });
    const item = h(
      'li',
      { 'data-usd': f.usd ?? '', 'data-kind': f.kind, tabindex: 0 },
      h('div', { class: 'flag-head' }, flagBadge(f.kind, styles), h('strong', undefined, f.kind), h('span', { class: 'usd' }, money(f.usd)), h('code', undefined, f.target)),
      h('p', undefined, f.evidence),
      ...f.extra.map(([k, v]) => h('p', { class: 'muted' }, `${k}: ${v}`)),
      links,
    );
    const on = (): void => timeline.highlight(f.calls);
    const off = (): void => timeline.highlight(null);
    item.addEventListener('mouseenter', on);
    item.addEventListener('focus', on);
    item.addEventListener('mouseleave', off);
    item.addEventListener('blur', off);
    list.append(item);
  }
  return section('flags', 'Flags', total, h('p', { class: 'muted' }, 'Pointing at a flag marks its calls on the cost timeline.'), list);
}
