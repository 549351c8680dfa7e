/**
 * The conversation: user prompts, assistant text, tool calls and their results, in session order, sub-agents
 * indented under their parent. Long texts show their start and expand on demand; entries are added 250 at a time
 * (a 10,000-step session opens as fast as a short one) and a link to a later step adds what it needs.
 */
import type { LlmStepView, SessionView, ToolStepView } from '../view-data.js';
import { h, section } from './dom.js';
import { fmtDuration, fmtTokens, int, money, plural } from './fmt.js';
import type { FlagStyle } from './palette.js';
import { flagBadge } from './flags.js';

const CHUNK = 250;
const SHORT = 600;

export interface ConversationApi {
  reveal(stepId: string): void;
}

/** A text block: short texts whole; long ones cut, with a disclosure that shows the rest when opened. */
function textBlock(cls: string, text: string, storedChars: number, limit: number): HTMLElement {
  const wrap = h('div', { class: `text ${cls}` });
  if (text.length <= SHORT) wrap.append(h('pre', undefined, text));
  else {
    const pre = h('pre', undefined, `${text.slice(0, SHORT)}…`);
    const more = h('details', undefined, h('summary', undefined, `show all ${int(storedChars)} characters`));
    more.addEventListener('toggle', () => {
      pre.textContent = more.open ? text : `${text.slice(0, SHORT)}…`;
    });
    wrap.append(pre, more);
  }
  if (storedChars > limit) wrap.append(h('p', { class: 'muted' }, `Cut at ${int(limit)} of ${int(storedChars)} characters; the rest is in the database.`));
  return wrap;
}

function meta(parts: (string | null | false)[], badges: SVGSVGElement[]): HTMLElement {
  return h('div', { class: 'meta' }, parts.filter(Boolean).join(' · '), ...badges);
}

export function renderConversation(view: SessionView, styles: Map<string, FlagStyle>): { el: HTMLElement; api: ConversationApi } {
  const steps = view.steps;
  const depth = new Map(view.agents.map((a) => [a.id, a.depth]));
  const firstOf = new Map<string, string>();
  for (const st of steps) if (!firstOf.has(st.agent)) firstOf.set(st.agent, st.id);
  const index = new Map(steps.map((st, i) => [st.id, i]));
  const badges = (flags: number[]): SVGSVGElement[] => [...new Set(flags.map((i) => view.flags[i]?.kind ?? ''))].filter(Boolean).map((k) => flagBadge(k, styles));
  const list = h('ol', { class: 'conv' });
  const moreBtn = h('button', { type: 'button', class: 'more' });
  let shown = 0;
  let api: ConversationApi;

  const llmEntry = (c: LlmStepView, li: HTMLElement): void => {
    for (const p of c.prompts) li.append(h('div', { class: 'msg user' }, h('span', { class: 'who' }, 'user'), textBlock('', p, p.length, Number.MAX_SAFE_INTEGER)));
    const tok = `${fmtTokens(c.tok[0] + c.tok[1] + c.tok[2])} in, ${fmtTokens(c.tok[3])} out`;
    const head = meta([c.id, c.agent, c.model, c.total === null ? 'unpriced' : money(c.total, 0, c.estimated ? 1 : 0), tok, fmtDuration(c.dur), c.aux && `side call: ${c.aux}`], badges(c.flags));
    const body = c.text ? textBlock('', c.text, c.textChars, view.textLimit) : h('p', { class: 'muted' }, c.role === 'tool_call' || c.role === 'plan_then_tool' ? '(no text: it asked for tools)' : '(no text)');
    li.append(h('div', { class: 'msg assistant' }, h('span', { class: 'who' }, 'assistant'), head, body, c.error ? h('p', { class: 'error' }, `error: ${c.error}`) : null));
  };

  const toolEntry = (t: ToolStepView, li: HTMLElement): void => {
    const head = meta([t.id, `tool ${t.name}`, t.summary, fmtDuration(t.dur)], badges(t.flags));
    const result = t.result === null
      ? h('p', { class: 'muted' }, 'no result came back')
      : h('div', undefined, h('span', { class: 'muted' }, `result: ${fmtTokens(t.resultTokens ?? 0)} token${t.resultTokens === 1 ? '' : 's'}${(t.resultChars ?? 0) > t.result.length ? `, its first ${t.result.length} of ${int(t.resultChars ?? 0)} characters below` : ''}; re-sending it cost ${money(t.carried)}${t.isError ? '; an error' : ''}`), textBlock(t.isError ? 'error' : '', t.result, t.result.length, Number.MAX_SAFE_INTEGER));
    let spawn: HTMLElement | null = null;
    if (t.spawned) {
      const first = firstOf.get(t.spawned);
      spawn = h('p', undefined, `spawned sub-agent ${t.spawned} (its calls: ${money(t.subagentUsd)})`);
      if (first) {
        const a = h('a', { href: `#step-${first}` }, ` → its first step, ${first}`);
        a.addEventListener('click', (e) => {
          e.preventDefault();
          api.reveal(first);
        });
        spawn.append(a);
      }
    }
    li.append(h('div', { class: 'msg tool' }, h('span', { class: 'who' }, 'tool'), head, textBlock('args', t.args, t.argsChars, view.textLimit), result, spawn));
  };

  const showThrough = (last: number): void => {
    const end = Math.min(steps.length, last);
    const frag = document.createDocumentFragment();
    for (; shown < end; shown++) {
      const st = steps[shown];
      if (!st) continue;
      const li = h('li', { id: `step-${st.id}`, class: `entry ${st.k}`, tabindex: -1, 'data-agent': st.agent });
      li.style.marginInlineStart = `${(depth.get(st.agent) ?? 0) * 1.5}rem`;
      if (st.k === 'llm') llmEntry(st, li);
      else toolEntry(st, li);
      frag.append(li);
    }
    list.append(frag);
    const left = steps.length - shown;
    moreBtn.hidden = left === 0;
    moreBtn.textContent = `Show the next ${Math.min(CHUNK, left)} steps (${plural(left, 'step')} not shown yet)`;
  };
  moreBtn.addEventListener('click', () => showThrough(shown + CHUNK));

  api = {
    reveal(stepId) {
      const i = index.get(stepId);
      if (i === undefined) return;
      if (i >= shown) showThrough(Math.ceil((i + 1) / CHUNK) * CHUNK);
      const el = document.getElementById(`step-${stepId}`);
      if (!el) return;
      el.scrollIntoView({ block: 'center' });
      el.focus({ preventScroll: true });
    },
  };
  showThrough(CHUNK);
  const intro = steps.length === 0 ? h('p', { class: 'empty' }, 'Nothing was recorded in this session.') : h('p', { class: 'muted' }, `${plural(steps.length, 'step')}. Secrets are masked as in the card.`);
  return { el: section('conversation', 'Conversation', intro, list, moreBtn), api };
}
