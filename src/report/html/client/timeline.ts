/**
 * The cost timeline: one bar per LLM call in time order, its height the call's cost split by what was paid for
 * (stacked as four paths, one per part, so 10,000 calls draw as 4 shapes plus one box per bar), the prompt size as a
 * line on its own axis, and flags as shapes in a strip above the bars. Unpriced calls are a hatched stub labelled
 * "unpriced", never a bar of $0.
 */
import type { FlagView, LlmStepView, SessionView } from '../view-data.js';
import { h, s } from './dom.js';
import { fmtDuration, fmtTokens, fmtUsd, money, plural, ticks, usdPart, usdTick } from './fmt.js';
import { COST_PARTS, shapePath, type FlagStyle } from './palette.js';
import { attachStrip, type TipContent } from './strip.js';

const PAD_L = 64;
const PAD_R = 64;
const PAD_T = 8;
const PLOT_H = 200;
const ROW = 13;
const AXIS_B = 26;
const MIN_BAR = 2;
const UNPRICED_H = 36;

export interface TimelineApi {
  highlight(stepIds: readonly string[] | null): void;
}

const r1 = (n: number): number => Math.round(n * 10) / 10;

export function promptTokens(c: LlmStepView): number {
  return c.tok[0] + c.tok[1] + c.tok[2];
}

export function callTip(c: LlmStepView, view: SessionView, agentName: (id: string) => string): TipContent {
  const lines = [
    `cost ${c.total === null ? 'unpriced (no price for this model)' : `${c.estimated ? '~' : ''}${fmtUsd(c.total)}`}` +
      (c.usd ? ` = input ${usdPart(c.usd[0])} + cache read ${usdPart(c.usd[1])} + cache write ${usdPart(c.usd[2])} + output ${usdPart(c.usd[3])}` : ''),
    `${fmtTokens(promptTokens(c))} tokens in (cache read ${fmtTokens(c.tok[1])}, write ${fmtTokens(c.tok[2])}), ${fmtTokens(c.tok[3])} out` +
      (c.tok[4] ? ` (reasoning ${fmtTokens(c.tok[4])})` : ''),
    `${fmtDuration(c.dur)} · ${c.role.replace(/_/g, ' ')}${c.aux ? ` · side call: ${c.aux}` : ''}`,
  ];
  if (c.error) lines.push(`error: ${c.error}`);
  lines.push(...flagLines(c.flags, view));
  return { title: `${c.id} · ${agentName(c.agent)} · ${c.model}`, lines };
}

/** One line per flag naming a step: kind, dollars, evidence (cut). */
export function flagLines(indices: readonly number[], view: SessionView): string[] {
  return indices
    .map((i): FlagView | undefined => view.flags[i])
    .filter((f): f is FlagView => f !== undefined)
    .map((f) => `⚑ ${f.kind} ${money(f.usd)}: ${f.evidence.length > 160 ? `${f.evidence.slice(0, 159)}…` : f.evidence}`);
}

/** Draws into `host`, `width` pixels wide (measured by the caller before anything changed, so no layout is forced). */
export function renderTimeline(host: HTMLElement, width: number, view: SessionView, styles: Map<string, FlagStyle>, open: (id: string) => void): TimelineApi {
  host.replaceChildren();
  const calls = view.steps.filter((x): x is LlmStepView => x.k === 'llm');
  if (calls.length === 0) {
    host.append(h('p', { class: 'empty' }, 'No LLM calls in this session.'));
    return { highlight: () => undefined };
  }
  const agentLabel = new Map(view.agents.map((a) => [a.id, a.kind === 'main' ? 'main' : `${a.id}${a.label ? ` (${a.label})` : ''}`]));
  const agentName = (id: string): string => agentLabel.get(id) ?? id;
  const n = calls.length;
  const barW = Math.max(MIN_BAR, (width - PAD_L - PAD_R) / n);
  const plotW = barW * n;
  const gap = barW >= 4 ? 1 : 0;
  const kinds = [...styles.keys()];
  const plotTop = PAD_T + kinds.length * ROW + (kinds.length ? 6 : 0);
  const plotBottom = plotTop + PLOT_H;
  const svgW = PAD_L + plotW + PAD_R;
  let maxUsd = 0;
  let maxTok = 0;
  for (const c of calls) {
    maxUsd = Math.max(maxUsd, c.total ?? 0);
    maxTok = Math.max(maxTok, promptTokens(c));
  }
  const usdTicks = ticks(maxUsd);
  const tokTicks = ticks(maxTok);
  const usdScale = usdTicks[usdTicks.length - 1] || 1;
  const tokScale = tokTicks[tokTicks.length - 1] || 1;
  const yUsd = (v: number): number => plotBottom - (v / usdScale) * PLOT_H;
  const yTok = (v: number): number => plotBottom - (v / tokScale) * PLOT_H;

  const svg = s('svg', {
    class: 'timeline', width: r1(svgW), height: plotBottom + AXIS_B, role: 'listbox',
    'aria-label': `Cost of each LLM call in time order: ${plural(n, 'call')}, total ${money(view.totals.usd, view.totals.unpriced)}. Arrow keys move between calls, Enter opens one in the conversation.`,
  });
  svg.append(s('defs', undefined, s('pattern', { id: 'tl-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, s('rect', { width: 3, height: 6, class: 'hatch' }))));
  const axis = s('g', { class: 'axis', 'aria-hidden': 'true' });
  for (const v of usdTicks) {
    axis.append(s('line', { x1: PAD_L, x2: r1(PAD_L + plotW), y1: r1(yUsd(v)), y2: r1(yUsd(v)), class: 'grid' }));
    axis.append(s('text', { x: PAD_L - 6, y: r1(yUsd(v) + 4), 'text-anchor': 'end' }, usdTick(v)));
  }
  for (const v of tokTicks) axis.append(s('text', { x: r1(PAD_L + plotW + 6), y: r1(yTok(v) + 4), class: 'tok-tick' }, `${fmtTokens(v)} tok`));
  const every = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000].find((k) => k * barW >= 56) ?? 10000;
  for (let i = every - 1; i < n; i += every) axis.append(s('text', { x: r1(PAD_L + i * barW + barW / 2), y: plotBottom + 16, 'text-anchor': 'middle' }, `#${i + 1}`));
  svg.append(axis);

  const parts: string[][] = COST_PARTS.map(() => []);
  const unpriced: string[] = [];
  const lines = new Map<string, string[]>();
  const marks = new Map<string, string[]>();
  const bars = s('g', { class: 'bars' });
  const ids: string[] = [];
  const index = new Map<string, number>();
  calls.forEach((c, i) => {
    const x = PAD_L + i * barW;
    const w = barW - gap;
    let top = plotBottom;
    if (c.usd) {
      c.usd.forEach((v, p) => {
        const hgt = (v / usdScale) * PLOT_H;
        if (hgt <= 0) return;
        parts[p]?.push(`M${r1(x)} ${r1(top - hgt)}h${r1(w)}v${r1(hgt)}h${r1(-w)}z`);
        top -= hgt;
      });
    } else {
      top = plotBottom - UNPRICED_H;
      unpriced.push(`M${r1(x)} ${r1(top)}h${r1(w)}v${UNPRICED_H}h${r1(-w)}z`);
    }
    // one line per agent (side calls have none): a sub-agent's small prompts are not a drop in the main one's
    if (!c.aux) {
      const own = lines.get(c.agent) ?? [];
      own.push(`${own.length ? 'L' : 'M'}${r1(x + w / 2)} ${r1(yTok(promptTokens(c)))}`);
      lines.set(c.agent, own);
    }
    top = Math.min(top, plotBottom - 2);
    const id = `tl-${c.id}`;
    ids.push(id);
    index.set(c.id, i);
    const label = `${c.id}, ${c.model}, ${c.total === null ? 'unpriced' : fmtUsd(c.total)}${c.flags.length ? `, ${plural(c.flags.length, 'flag')}` : ''}`;
    bars.append(s('rect', { id, class: c.usd ? 'bar' : 'bar unpriced', 'data-step': c.id, x: r1(x), y: r1(top), width: r1(w), height: r1(plotBottom - top), role: 'option', 'aria-label': label }));
  });
  view.flags.forEach((f) => {
    const st = styles.get(f.kind);
    if (!st) return;
    const row = kinds.indexOf(f.kind);
    const list = marks.get(f.kind) ?? [];
    for (const id of f.calls) {
      const i = index.get(id);
      if (i !== undefined) list.push(shapePath(st.shape, PAD_L + i * barW + (barW - gap) / 2, PAD_T + row * ROW + ROW / 2, Math.min(5, Math.max(2.5, barW / 2))));
    }
    marks.set(f.kind, list);
  });
  COST_PARTS.forEach((p, i) => svg.append(s('path', { class: `seg ${p.cls}`, d: parts[i]?.join('') ?? '', 'aria-hidden': 'true' })));
  svg.append(s('path', { class: 'seg unpriced-fill', d: unpriced.join(''), fill: 'url(#tl-hatch)', 'aria-hidden': 'true' }));
  for (const [agent, d] of lines) svg.append(s('path', { class: `prompt-line${agent === 'main' ? '' : ' sub'}`, d: d.join(''), 'aria-hidden': 'true' }));
  for (const [kind, list] of marks) svg.append(s('path', { class: `mark ${styles.get(kind)?.cls ?? ''}`, d: list.join(''), 'aria-hidden': 'true' }));
  svg.append(bars);
  const scroller = h('div', { class: 'scroll-x' }, svg);
  host.append(scroller);

  attachStrip({
    host: svg,
    ids,
    indexAt(ev) {
      const box = svg.getBoundingClientRect();
      const i = Math.floor((ev.clientX - box.left - PAD_L) / barW);
      const y = ev.clientY - box.top;
      return i >= 0 && i < n && y >= PAD_T && y <= plotBottom ? i : null;
    },
    anchorOf(i) {
      const box = svg.getBoundingClientRect();
      // below the chart, so the tooltip never hides the bars next to the one it describes
      return { x: box.left + PAD_L + i * barW + barW / 2, y: box.top + plotBottom + AXIS_B - 14 };
    },
    tipOf: (i) => callTip(calls[i] as LlmStepView, view, agentName),
    onOpen: (i) => open(calls[i]?.id ?? ''),
  });

  let lit: Element[] = [];
  return {
    highlight(stepIds) {
      for (const el of lit) el.classList.remove('hl');
      lit = [];
      for (const id of stepIds ?? []) {
        const el = document.getElementById(`tl-${id}`);
        if (el) {
          el.classList.add('hl');
          lit.push(el);
        }
      }
    },
  };
}
