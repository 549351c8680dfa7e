import fs from 'node:fs';
import path from 'node:path';
import { makeFlagContext } from '../../../src/compile/flags/context.js';
import { detectFlags } from '../../../src/compile/flags/index.js';
import type { Flag } from '../../../src/compile/card/schema.js';
import { SessionBuilder, type Event } from './build-session.js';

/** A labelled candidate: a flag a detector could raise, and whether a person judged it right. */
export interface Label {
  kind: string;
  steps: string[];
  truth: boolean;
}

export interface LabelledCase {
  name: string;
  events: Event[];
  labels: Label[];
}

export interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

export interface CaseResult {
  file: string;
  name: string;
  /** flags fired that are not labelled true (false positives) */
  wrong: string[];
  /** labelled-true flags that did not fire */
  missed: string[];
  flags: Flag[];
}

const keyOf = (kind: string, steps: readonly string[]): string => `${kind}:${steps.join(',')}`;

/** Runs every detector over each hand-labelled case under `dir`, tallying per flag kind. */
export function evaluateLabelled(dir: string): { cases: CaseResult[]; tally: Map<string, Tally> } {
  const tally = new Map<string, Tally>();
  const bump = (kind: string, k: keyof Tally): void => {
    const t = tally.get(kind) ?? { tp: 0, fp: 0, fn: 0 };
    t[k]++;
    tally.set(kind, t);
  };
  const cases: CaseResult[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const parsed = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { detector: string; cases: LabelledCase[] };
    bump(parsed.detector, 'tp');
    const own = tally.get(parsed.detector);
    if (own) own.tp--; // make sure every detector with a file appears in the table
    for (const c of parsed.cases) {
      const built = new SessionBuilder().events(c.events).build();
      const flags = detectFlags(makeFlagContext(built.structure, built.costs, built.outputs));
      const truths = new Set(c.labels.filter((l) => l.truth).map((l) => keyOf(l.kind, l.steps)));
      const fired = new Set(flags.map((f) => keyOf(f.kind, f.steps)));
      const wrong: string[] = [];
      const missed: string[] = [];
      for (const f of flags) {
        const k = keyOf(f.kind, f.steps);
        if (truths.has(k)) bump(f.kind, 'tp');
        else {
          bump(f.kind, 'fp');
          wrong.push(k);
        }
      }
      for (const l of c.labels.filter((x) => x.truth)) {
        if (!fired.has(keyOf(l.kind, l.steps))) {
          bump(l.kind, 'fn');
          missed.push(keyOf(l.kind, l.steps));
        }
      }
      cases.push({ file, name: c.name, wrong, missed, flags });
    }
  }
  return { cases, tally };
}

/** Precision: right flags / flags fired (1 when none fired). */
export function precision(t: Tally): number {
  return t.tp + t.fp ? t.tp / (t.tp + t.fp) : 1;
}

/** Recall: right flags / flags that should have fired (1 when none should). */
export function recall(t: Tally): number {
  return t.tp + t.fn ? t.tp / (t.tp + t.fn) : 1;
}

/** The per-detector table, one line each. */
export function precisionTable(tally: Map<string, Tally>): string {
  const lines = ['detector               precision  recall  tp  fp  fn'];
  for (const [kind, t] of [...tally.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.push(`${kind.padEnd(22)} ${precision(t).toFixed(2).padStart(9)}  ${recall(t).toFixed(2).padStart(6)}  ${String(t.tp).padStart(2)}  ${String(t.fp).padStart(2)}  ${String(t.fn).padStart(2)}`);
  }
  return lines.join('\n');
}
