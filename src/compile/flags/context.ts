import type { StepCost } from '../../domain/cost.js';
import type { LlmStep, SessionStructure, ToolStep } from '../../domain/model.js';
import type { Flag } from '../card/schema.js';

/** What every detector reads: the structure, each step's cost, and the visible text of each LLM step. */
export interface FlagContext {
  structure: SessionStructure;
  llm: LlmStep[];
  tools: ToolStep[];
  cost: Map<string, StepCost>;
  llmById: Map<string, LlmStep>;
  /** visible output text per LLM step id (may be cut) */
  outputs: Map<string, string>;
}

export type Detector = (ctx: FlagContext) => Flag[];

export function makeFlagContext(structure: SessionStructure, costs: readonly StepCost[], outputs: Map<string, string>): FlagContext {
  const llm = structure.steps.filter((s): s is LlmStep => s.kind === 'llm');
  return {
    structure,
    llm,
    tools: structure.steps.filter((s): s is ToolStep => s.kind === 'tool'),
    cost: new Map(costs.map((c) => [c.stepId, c])),
    llmById: new Map(llm.map((s) => [s.id, s])),
    outputs,
  };
}

/** Carried cost of tool steps, summed; null when any of them could not be priced. */
export function carriedOf(ctx: FlagContext, stepIds: readonly string[]): number | null {
  let sum = 0;
  for (const id of stepIds) {
    const c = ctx.cost.get(id)?.carried;
    if (c === null || c === undefined) return null;
    sum += c;
  }
  return sum;
}

export function directOf(ctx: FlagContext, stepIds: readonly string[]): number | null {
  let sum = 0;
  for (const id of stepIds) {
    const c = ctx.cost.get(id)?.direct;
    if (c === null || c === undefined) return null;
    sum += c;
  }
  return sum;
}

export function usdText(n: number | null): string {
  return n === null ? 'unpriced' : `$${n.toFixed(4)}`;
}

/** Normalized Levenshtein similarity in [0, 1] on the first 500 characters (enough to tell arguments apart). */
export function similarity(a: string, b: string): number {
  const x = a.slice(0, 500);
  const y = b.slice(0, 500);
  if (x === y) return 1;
  const max = Math.max(x.length, y.length);
  if (max === 0) return 1;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x.charCodeAt(i - 1) === y.charCodeAt(j - 1) ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return 1 - (prev[y.length] ?? max) / max;
}

export function canonicalArgs(args: string): string {
  try {
    const v: unknown = JSON.parse(args);
    return JSON.stringify(sortDeep(v));
  } catch (err) {
    void err; // free-form arguments compare as trimmed text
    return args.trim();
  }
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) o[k] = sortDeep((v as Record<string, unknown>)[k]);
    return o;
  }
  return v;
}

/**
 * What removing a redundant tool call would have saved: the round trip it caused (the LLM call that took its result
 * back, when the call that asked for it asked for nothing else) or, when it came with other calls, its carried cost.
 */
export function roundTripWaste(ctx: FlagContext, tool: { id: string; requestedBy: string; resultIn: string | null }): number | null {
  const requester = ctx.llmById.get(tool.requestedBy);
  const alone = requester?.toolStepIds.length === 1;
  if (alone && tool.resultIn) {
    const direct = ctx.cost.get(tool.resultIn)?.direct;
    return direct === undefined ? null : direct;
  }
  return carriedOf(ctx, [tool.id]);
}
