/**
 * Where the money went: cost by kind of call, by tool (round trips and the carried cost of re-sending results), by
 * model, and the agent tree as an icicle (each agent's width is its cost with its sub-agents'). Tables with bars:
 * every figure is text, the bars only repeat it.
 */
import type { AgentView, MoneyRow, SessionView, ToolMoneyRow } from '../view-data.js';
import { h, section, type Child } from './dom.js';
import { money, plural } from './fmt.js';
import { showTip, hideTip } from './strip.js';

function bar(parts: { usd: number | null; cls: string }[], max: number): HTMLElement {
  const wrap = h('div', { class: 'hbar', 'aria-hidden': 'true' });
  for (const p of parts) {
    const seg = h('span', { class: p.cls });
    seg.style.width = `${max > 0 ? ((p.usd ?? 0) / max) * 100 : 0}%`;
    wrap.append(seg);
  }
  return wrap;
}

function table(caption: string, head: string[], rows: Child[][]): HTMLElement {
  return h(
    'table',
    { class: 'money' },
    h('caption', undefined, caption),
    h('thead', undefined, h('tr', undefined, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', undefined, ...rows.map((r) => h('tr', undefined, ...r.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', undefined, c)))))),
  );
}

function simpleTable(caption: string, what: string, rows: MoneyRow[]): HTMLElement {
  const max = Math.max(0, ...rows.map((r) => r.usd ?? 0));
  return table(caption, [what, 'calls', 'cost', ''], rows.map((r) => [r.label, String(r.count), money(r.usd, r.unpriced), bar([{ usd: r.usd, cls: 'c-input' }], max)]));
}

function toolTable(rows: ToolMoneyRow[]): HTMLElement {
  const max = Math.max(0, ...rows.map((r) => (r.roundTrip ?? 0) + (r.carried ?? 0)));
  return table(
    'By tool: round trips are the calls that asked for the tool (shared evenly when a call asked for several); carried is what later calls paid to re-send its results (already inside the calls’ cost)',
    ['tool', 'uses', 'errors', 'round trips', 'carried', ''],
    rows.map((r) => [
      r.label, String(r.count), String(r.errors), money(r.roundTrip, r.roundTripUnpriced), money(r.carried, r.carriedUnpriced),
      bar([{ usd: r.roundTrip, cls: 'c-input' }, { usd: r.carried, cls: 'c-cwrite' }], max),
    ]),
  );
}

/** The agent tree as an icicle: rows by depth, each agent as wide as its subtree's cost (calls when none is priced). */
function icicle(agents: AgentView[]): HTMLElement {
  const wrap = h('div', { class: 'icicle' });
  if (agents.length === 0) return wrap;
  const roots = agents.filter((a) => a.parent === null);
  const byCost = roots.some((a) => (a.subtreeUsd ?? 0) > 0);
  const children = new Map<string, AgentView[]>();
  const calls = new Map<string, number>();
  for (const a of agents) {
    if (a.parent === null) continue;
    const list = children.get(a.parent) ?? [];
    list.push(a);
    children.set(a.parent, list);
  }
  const subtreeCalls = (a: AgentView): number => {
    const n = a.llmCalls + (children.get(a.id) ?? []).reduce((sum, c) => sum + subtreeCalls(c), 0);
    calls.set(a.id, n);
    return n;
  };
  roots.forEach(subtreeCalls);
  const weight = (a: AgentView): number => (byCost ? (a.subtreeUsd ?? 0) : (calls.get(a.id) ?? 0));
  const total = roots.reduce((sum, a) => sum + weight(a), 0) || 1;
  const depth = Math.max(...agents.map((a) => a.depth)) + 1;
  const rows = Array.from({ length: depth }, () => h('div', { class: 'ice-row' }));
  const place = (a: AgentView, left: number): void => {
    const w = weight(a) / total;
    const share = byCost ? `${money(a.subtreeUsd, a.subtreeUnpriced)} with sub-agents, ${money(a.usd, a.unpriced)} its own` : `${plural(calls.get(a.id) ?? 0, 'call')}`;
    const label = `${a.kind === 'main' ? 'main agent' : `${a.id}${a.label ? ` ${a.label}` : ''}`}: ${share}`;
    const node = h('div', { class: `ice-node depth${Math.min(a.depth, 5)}`, tabindex: 0, role: 'img', 'aria-label': label, 'data-agent': a.id }, a.kind === 'main' ? 'main' : a.label ? `${a.id} ${a.label}` : a.id);
    node.style.left = `${left * 100}%`;
    node.style.width = `${w * 100}%`;
    const tip = (): void => {
      const box = node.getBoundingClientRect();
      showTip({ title: a.kind === 'main' ? 'main agent' : a.id, lines: [label, `${plural(a.llmCalls, 'call')}, ${plural(a.toolUses, 'tool use')}`] }, box.left, box.bottom);
    };
    node.addEventListener('mouseenter', tip);
    node.addEventListener('focus', tip);
    node.addEventListener('mouseleave', hideTip);
    node.addEventListener('blur', hideTip);
    rows[a.depth]?.append(node);
    let at = left;
    for (const c of children.get(a.id) ?? []) {
      place(c, at);
      at += weight(c) / total;
    }
  };
  let at = 0;
  for (const r of roots) {
    place(r, at);
    at += weight(r) / total;
  }
  wrap.append(...rows);
  if (!byCost) wrap.append(h('p', { class: 'muted' }, 'No call could be priced: widths are numbers of calls.'));
  return wrap;
}

export function renderMoney(view: SessionView): HTMLElement {
  const t = view.totals;
  const agentRows: MoneyRow[] = view.agents.map((a) => ({ key: a.id, label: `${'· '.repeat(a.depth)}${a.kind === 'main' ? 'main' : a.id}${a.label ? ` (${a.label})` : ''}`, usd: a.usd, unpriced: a.unpriced, count: a.llmCalls }));
  return section(
    'money',
    'Where the money went',
    h('p', undefined, t.usd === null
      ? `No call could be priced (${plural(t.llmCalls, 'call')}): the figures below count calls and say unpriced.`
      : `${money(t.usd, t.unpriced, t.estimated)} in all: ${money(t.direct)} on the agent loop, ${money(t.auxiliary)} on side calls${t.unpriced ? ' (priced calls)' : ''}; ${money(t.carried, t.carriedUnpriced)} of it re-sent tool results.`),
    h('div', { class: 'grid2' }, simpleTable('By kind of call', 'kind', view.money.byKind), simpleTable('By model', 'model', view.money.byModel)),
    toolTable(view.money.byTool),
    h('h3', undefined, 'By agent'),
    icicle(view.agents),
    simpleTable('Each agent’s own calls', 'agent', agentRows),
  );
}
