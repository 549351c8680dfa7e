/**
 * One interaction for every chart: a row of many items (bars, steps, columns) behind one focusable element. The
 * mouse finds the item under it by position (no per-item listeners, so 10,000 bars cost nothing extra); the
 * keyboard moves between items with the arrow keys (aria-activedescendant names the active one for screen readers);
 * both show the same tooltip; Enter or a click opens the item.
 */
import { h } from './dom.js';

export interface TipContent {
  title: string;
  lines: string[];
}

let tipEl: HTMLDivElement | null = null;

function tip(): HTMLDivElement {
  if (!tipEl) {
    tipEl = h('div', { id: 'ct-tip', role: 'tooltip', hidden: true });
    document.body.append(tipEl);
  }
  return tipEl;
}

/** Shows the tooltip near a point (viewport coordinates), kept inside the window. */
export function showTip(content: TipContent, x: number, y: number): void {
  const el = tip();
  el.replaceChildren(h('strong', undefined, content.title), ...content.lines.map((l) => h('div', undefined, l)));
  el.hidden = false;
  const w = el.offsetWidth;
  const ht = el.offsetHeight;
  const left = x + 14 + w > window.innerWidth ? Math.max(4, x - 14 - w) : x + 14;
  const top = y + 14 + ht > window.innerHeight ? Math.max(4, y - 14 - ht) : y + 14;
  el.style.left = `${left}px`;
  el.style.top = `${top}px`;
}

export function hideTip(): void {
  if (tipEl) tipEl.hidden = true;
}

export interface StripSpec {
  /** the focusable element holding the items */
  host: HTMLElement | SVGSVGElement;
  /** the element id of each item, in order */
  ids: readonly string[];
  /** the item under the pointer, if any */
  indexAt(ev: MouseEvent): number | null;
  /** where the tooltip of an item opened from the keyboard goes (viewport coordinates) */
  anchorOf(i: number): { x: number; y: number };
  tipOf(i: number): TipContent;
  onOpen?(i: number): void;
}

const STEP: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, PageDown: 10, PageUp: -10 };

export function attachStrip(spec: StripSpec): void {
  const { host, ids } = spec;
  let active: number | null = null;
  host.setAttribute('tabindex', '0');
  const setActive = (i: number | null): void => {
    if (active !== null) document.getElementById(ids[active] ?? '')?.classList.remove('active');
    active = i;
    if (i === null) {
      host.removeAttribute('aria-activedescendant');
      return;
    }
    const el = document.getElementById(ids[i] ?? '');
    el?.classList.add('active');
    host.setAttribute('aria-activedescendant', ids[i] ?? '');
  };
  const showFor = (i: number): void => {
    const a = spec.anchorOf(i);
    showTip(spec.tipOf(i), a.x, a.y);
  };
  host.addEventListener('keydown', (e) => {
    const ev = e as KeyboardEvent;
    if (ids.length === 0) return;
    const last = ids.length - 1;
    let next: number | null = null;
    if (ev.key in STEP) next = Math.min(last, Math.max(0, (active ?? -1) + (STEP[ev.key] ?? 0)));
    else if (ev.key === 'Home') next = 0;
    else if (ev.key === 'End') next = last;
    else if ((ev.key === 'Enter' || ev.key === ' ') && active !== null && spec.onOpen) {
      ev.preventDefault();
      hideTip();
      spec.onOpen(active);
      return;
    } else if (ev.key === 'Escape') hideTip();
    if (next === null) return;
    ev.preventDefault();
    setActive(next);
    document.getElementById(ids[next] ?? '')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    showFor(next);
  });
  host.addEventListener('focus', () => {
    if (ids.length === 0) return;
    if (active === null) setActive(0);
    showFor(active ?? 0);
  });
  host.addEventListener('blur', hideTip);
  host.addEventListener('mousemove', (e) => {
    const ev = e as MouseEvent;
    const i = spec.indexAt(ev);
    if (i === null) {
      hideTip();
      return;
    }
    if (i !== active) setActive(i);
    showTip(spec.tipOf(i), ev.clientX, ev.clientY);
  });
  host.addEventListener('mouseleave', hideTip);
  host.addEventListener('click', (e) => {
    const i = spec.indexAt(e as MouseEvent);
    if (i === null || !spec.onOpen) return;
    setActive(i);
    hideTip();
    spec.onOpen(i);
  });
}
