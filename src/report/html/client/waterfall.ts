/**
 * The waterfall: every step on a time axis, one lane per agent. A sub-agent's lane is nested (in the DOM too)
 * inside the lane of the agent that spawned it, marked where the spawning tool call started. LLM calls are tall
 * bars, tool uses short ones, so the two differ by shape as well as colour.
 */
import type { AgentView, SessionView, StepView, ToolStepView } from '../view-data.js';
import { h, s } from './dom.js';
import { fmtDuration, fmtTokens, money, ticks } from './fmt.js';
import { attachStrip, type TipContent } from './strip.js';
import { callTip, flagLines } from './timeline.js';

const LABEL_W = 220;
const LANE_H = 24;
const r1 = (n: number): number => Math.round(n * 10) / 10;

function toolTip(t: ToolStepView, view: SessionView): TipContent {
  const lines = [t.summary || '(no arguments)'];
  lines.push(t.result === null ? 'no result came back' : `result ${fmtTokens(t.resultTokens ?? 0)} tokens, carried by later calls: ${money(t.carried)}`);
  if (t.spawned) lines.push(`spawned ${t.spawned}, whose calls cost ${money(t.subagentUsd)}`);
  lines.push(`${fmtDuration(t.dur)} until its result went back${t.isError ? ' · returned an error' : ''}`);
  lines.push(...flagLines(t.flags, view));
  return { title: `${t.id} · tool ${t.name}`, lines };
}

function agentTitle(a: AgentView): string {
  return a.kind === 'main' ? 'main agent' : `${a.id}${a.label ? ` · ${a.label}` : ''}`;
}

/** Draws into `host`, `width` pixels wide (measured by the caller before anything changed). */
export function renderWaterfall(host: HTMLElement, width: number, view: SessionView, open: (id: string) => void): void {
  host.replaceChildren();
  if (view.steps.length === 0) {
    host.append(h('p', { class: 'empty' }, 'No steps to show.'));
    return;
  }
  const trackW = Math.max(280, width - LABEL_W);
  const span = Math.max(1, view.spanMs);
  const x = (ms: number): number => (Math.max(0, ms) / span) * trackW;
  const byId = new Map(view.steps.map((st) => [st.id, st]));
  const agentName = (id: string): string => {
    const a = view.agents.find((v) => v.id === id);
    return a ? agentTitle(a) : id;
  };

  const axis = s('svg', { class: 'wf-axis', width: trackW + 8, height: 20, 'aria-hidden': 'true' });
  const secs = ticks(span / 1000, 6);
  for (const v of secs) {
    if (v * 1000 > span) continue;
    const px = r1(x(v * 1000));
    const anchor = v === 0 ? 'start' : px > trackW - 24 ? 'end' : 'middle';
    axis.append(s('line', { x1: px, x2: px, y1: 14, y2: 20 }), s('text', { x: px, y: 11, 'text-anchor': anchor }, fmtDuration(v * 1000)));
  }
  host.append(h('div', { class: 'wf-head' }, h('span', { class: 'wf-label' }, 'agent'), axis));

  const steps = new Map<string, StepView[]>();
  for (const st of view.steps) {
    const list = steps.get(st.agent) ?? [];
    list.push(st);
    steps.set(st.agent, list);
  }
  const slots = new Map<string, HTMLElement>();
  const root = h('div', { class: 'lanes' });
  for (const a of view.agents) {
    const mine = (steps.get(a.id) ?? []).slice().sort((p, q) => p.at - q.at);
    const spawn = a.spawnedBy ? byId.get(a.spawnedBy) : undefined;
    const svg = s('svg', {
      class: 'wf-track', width: trackW + 8, height: LANE_H, role: 'listbox',
      'aria-label': `${agentTitle(a)}: ${mine.length} steps. Arrow keys move between steps, Enter opens one in the conversation.`,
    });
    if (spawn) {
      const sx = r1(x(spawn.at));
      svg.append(s('path', { class: 'spawn-link', d: `M${sx} 0V${LANE_H / 2}M${sx - 4} 0h8l-4 6z`, 'aria-hidden': 'true' }));
    }
    const ids: string[] = [];
    const x0: number[] = [];
    const x1: number[] = [];
    for (const st of mine) {
      const left = x(st.at);
      const w = Math.max(2, x(st.at + (st.dur ?? 0)) - left);
      const tall = st.k === 'llm';
      const err = st.k === 'llm' ? st.error !== null : st.isError;
      const cls = `${tall ? 'g-llm' : 'g-tool'}${err ? ' g-err' : ''}${st.k === 'tool' && st.spawned ? ' g-spawn' : ''}${st.flags.length ? ' g-flag' : ''}`;
      const id = `wf-${st.id}`;
      const label = st.k === 'llm' ? `${st.id}, call to ${st.model}` : `${st.id}, tool ${st.name}`;
      svg.append(s('rect', { id, class: cls, 'data-step': st.id, x: r1(left), y: tall ? 3 : 8, width: r1(w), height: tall ? 18 : 8, role: 'option', 'aria-label': label }));
      ids.push(id);
      x0.push(left);
      x1.push(left + w);
    }
    attachStrip({
      host: svg,
      ids,
      indexAt(ev) {
        const px = ev.clientX - svg.getBoundingClientRect().left;
        // the last step starting at or before the pointer, else the first one: a binary search, not a scan
        let lo = 0;
        let hi = x0.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if ((x0[mid] ?? 0) <= px) lo = mid;
          else hi = mid - 1;
        }
        const near = [lo, lo + 1].filter((i) => i < x0.length && px >= (x0[i] ?? 0) - 3 && px <= (x1[i] ?? 0) + 3);
        return near[0] ?? null;
      },
      anchorOf(i) {
        const box = svg.getBoundingClientRect();
        return { x: box.left + (x0[i] ?? 0), y: box.top + LANE_H };
      },
      tipOf(i) {
        const st = mine[i] as StepView;
        return st.k === 'llm' ? callTip(st, view, agentName) : toolTip(st, view);
      },
      onOpen: (i) => open(mine[i]?.id ?? ''),
    });
    const spawnNote = spawn ? `spawned by ${spawn.id}${spawn.k === 'tool' ? ` (${spawn.name})` : ''}` : a.kind === 'subagent' ? 'spawning call not found' : '';
    const label = h(
      'div',
      { class: 'wf-label' },
      h('span', { class: 'agent-name' }, agentTitle(a)),
      h('span', { class: 'muted' }, [money(a.usd, a.unpriced), spawnNote].filter(Boolean).join(' · ')),
    );
    label.style.paddingInlineStart = `${a.depth * 10}px`;
    const children = h('div', { class: 'lane-children' });
    const lane = h('div', { class: 'lane', 'data-agent': a.id, 'data-parent': a.parent, 'data-spawned-by': a.spawnedBy, 'data-depth': a.depth }, h('div', { class: 'lane-row' }, label, svg), children);
    slots.set(a.id, children);
    (a.parent !== null ? (slots.get(a.parent) ?? root) : root).append(lane);
  }
  host.append(root);
}
