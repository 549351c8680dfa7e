/** The session page: header and figures, then the timeline, the waterfall, the money, the flags, the conversation. */
import type { SessionView } from '../view-data.js';
import { h, onResize, s, section, widthOf } from './dom.js';
import { fmtTokens, fmtUsd, int, money, pct, plural } from './fmt.js';
import { renderConversation } from './conversation.js';
import { flagBadge, renderFlags } from './flags.js';
import { renderMoney } from './money.js';
import { COST_PARTS, flagStyles } from './palette.js';
import { renderTimeline, type TimelineApi } from './timeline.js';
import { renderWaterfall } from './waterfall.js';

function figure(label: string, value: string, extra?: string): HTMLElement {
  return h('div', { class: 'figure' }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value), extra ? h('div', { class: 'muted' }, extra) : null);
}

function swatch(cls: string, label: string): HTMLElement {
  return h('span', { class: 'key' }, s('svg', { width: 12, height: 12, 'aria-hidden': 'true' }, s('rect', { width: 12, height: 12, class: cls })), label);
}

function header(view: SessionView): HTMLElement {
  const ss = view.session;
  const t = view.totals;
  const facts = [
    ss.agent, ss.source, `started ${ss.started.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`,
    ss.durationS === null ? null : `${ss.durationS}s`, ss.branch && `branch ${ss.branch}`, `outcome: ${ss.outcome} (${ss.outcomeSource})`,
  ].filter(Boolean);
  return h(
    'header',
    undefined,
    h('h1', undefined, `Session ${ss.label ?? ss.id}`, ss.label ? h('span', { class: 'muted' }, ` ${ss.id}`) : null),
    h('p', { class: 'muted' }, facts.join(' · ')),
    ss.command ? h('p', undefined, h('code', undefined, ss.command)) : null,
    ss.evidence ? h('details', undefined, h('summary', undefined, 'outcome evidence'), h('pre', undefined, ss.evidence)) : null,
    h(
      'div',
      { class: 'figures' },
      figure('cost', money(t.usd, t.unpriced, t.estimated), t.unpriced ? `${plural(t.unpriced, 'call')} could not be priced` : undefined),
      figure('LLM calls', int(t.llmCalls), `${plural(t.toolUses, 'tool use')}, ${plural(t.subAgents, 'sub-agent')}`),
      figure('tokens in / out', `${fmtTokens(t.tokens[0])} / ${fmtTokens(t.tokens[3])}`, `cache hit ${pct(t.cacheHitRate)}`),
      figure('re-sent tool results', money(t.carried, t.carriedUnpriced), 'inside the cost, not added'),
      figure('flagged waste', fmtUsd(t.wasteUsd), `${plural(view.flags.length, 'flag')}${view.flags.length > 1 ? ', may overlap' : ''}`),
    ),
  );
}

export function renderSessionPage(root: HTMLElement, view: SessionView): void {
  const styles = flagStyles(view.flags.map((f) => f.kind));
  const conversation = renderConversation(view, styles);
  const open = (id: string): void => conversation.api.reveal(id);
  const timelineHost = h('div', { class: 'chart' });
  const waterfallHost = h('div', { class: 'chart' });
  const legend = h(
    'p',
    { class: 'legend' },
    ...COST_PARTS.map((p) => swatch(p.cls, p.label)),
    h('span', { class: 'key' }, s('svg', { width: 18, height: 12, 'aria-hidden': 'true' }, s('path', { class: 'prompt-line', d: 'M0 6H18' })), 'prompt size, one line per agent (right axis)'),
    swatch('unpriced-key', 'unpriced call (cost unknown)'),
    ...[...styles.keys()].map((k) => h('span', { class: 'key' }, flagBadge(k, styles), k)),
  );
  const nav = h(
    'nav',
    { 'aria-label': 'sections' },
    ...[['timeline', 'Cost timeline'], ['waterfall', 'Waterfall'], ['money', 'Where the money went'], ['flags', 'Flags'], ['conversation', 'Conversation']].map(([id, label]) => h('a', { href: `#${id}` }, label)),
  );
  let timeline: TimelineApi = { highlight: () => undefined };
  root.append(
    header(view),
    nav,
    section('timeline', 'Cost timeline', h('p', { class: 'muted' }, 'One bar per LLM call, in time order; its height is what it cost.'), legend, timelineHost),
    section('waterfall', 'Waterfall', h('p', { class: 'legend' }, swatch('g-llm', 'LLM call (tall)'), swatch('g-tool', 'tool use (short)'), swatch('g-err', 'error'), 'sub-agents nest under the agent that spawned them; ▼ marks the spawning call'), waterfallHost),
  );
  // the charts need their containers' widths: measured once, while the page is still small (one cheap layout)
  const draw = (): void => {
    const tw = widthOf(timelineHost);
    const ww = widthOf(waterfallHost);
    timeline = renderTimeline(timelineHost, tw, view, styles, open);
    renderWaterfall(waterfallHost, ww, view, open);
  };
  draw();
  onResize(draw);
  root.append(renderMoney(view), renderFlags(view, styles, { highlight: (ids) => timeline.highlight(ids) }, open), conversation.el);
  const target = /^#step-(.+)$/.exec(window.location.hash)?.[1];
  if (target) open(decodeURIComponent(target));
}
