import type { StepCost } from '../../domain/cost.js';
import type { LlmStep, SessionStructure, ToolStep } from '../../domain/model.js';
import type { Flag } from '../card/schema.js';
import { stillCarries } from '../cost/step-costs.js';

/** What every detector reads: the structure, each step's cost, and the visible text of each LLM step. */
export interface FlagContext {
  structure: SessionStructure;
  llm: LlmStep[];
  tools: ToolStep[];
  cost: Map<string, StepCost>;
  llmById: Map<string, LlmStep>;
  toolById: Map<string, ToolStep>;
  /** each agent's LLM steps in order, side calls left out */
  llmByAgent: Map<string, LlmStep[]>;
  /** visible output text per LLM step id (may be cut); a missing id means "not known" */
  outputs: Map<string, string>;
  /** canonical arguments per tool step id, computed once */
  canonical: Map<string, string>;
}

export type Detector = (ctx: FlagContext) => Flag[];

/** Indexes a session once for all detectors. */
export function makeFlagContext(structure: SessionStructure, costs: readonly StepCost[], outputs: Map<string, string>): FlagContext {
  const llm = structure.steps.filter((s): s is LlmStep => s.kind === 'llm');
  const tools = structure.steps.filter((s): s is ToolStep => s.kind === 'tool');
  const llmByAgent = new Map<string, LlmStep[]>();
  for (const s of llm) {
    if (s.auxiliary) continue;
    const list = llmByAgent.get(s.agentId) ?? [];
    list.push(s);
    llmByAgent.set(s.agentId, list);
  }
  return {
    structure,
    llm,
    tools,
    cost: new Map(costs.map((c) => [c.stepId, c])),
    llmById: new Map(llm.map((s) => [s.id, s])),
    toolById: new Map(tools.map((t) => [t.id, t])),
    llmByAgent,
    outputs,
    canonical: new Map(tools.map((t) => [t.id, canonicalArgs(t.args)])),
  };
}

/** Canonical (key-sorted) arguments of a tool step. */
export function argsOf(ctx: FlagContext, t: ToolStep): string {
  return ctx.canonical.get(t.id) ?? canonicalArgs(t.args);
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

/** Direct (billed) cost of LLM steps, summed; null when any of them could not be priced. */
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

/**
 * The LLM steps that carried a tool's result: from the call that received it while it `stillCarries` (the carried
 * cost's rule).
 */
export function carriers(ctx: FlagContext, t: ToolStep): LlmStep[] {
  if (t.resultIn === null || t.resultMessageIndex === null) return [];
  const steps = ctx.llmByAgent.get(t.agentId) ?? [];
  const start = steps.findIndex((s) => s.id === t.resultIn);
  const first = steps[start];
  if (!first) return [];
  const out: LlmStep[] = [];
  for (let i = start; i < steps.length; i++) {
    const s = steps[i];
    if (!s || !stillCarries(first, s, t.resultMessageIndex, t.resultTokens ?? 0)) break;
    out.push(s);
  }
  return out;
}

export { similarity, similarAtLeast } from './similarity.js';

/** JSON arguments with keys sorted (so key order never makes two calls differ); other text trimmed. */
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
 * What dropping one redundant tool call would have saved: the carried cost of its result and, when the LLM call
 * that asked for it asked for nothing else, that call too — the round trip would not have happened (its direct
 * cost is the smallest estimate of one round trip: later calls have longer prompts). The two never overlap: the
 * asking call comes before the result it would carry. null when a part is unpriced.
 */
export function repeatWaste(ctx: FlagContext, t: ToolStep): { usd: number | null; roundTrip: boolean } {
  const carried = carriedOf(ctx, [t.id]);
  const alone = ctx.llmById.get(t.requestedBy)?.toolStepIds.length === 1;
  if (!alone) return { usd: carried, roundTrip: false };
  const direct = directOf(ctx, [t.requestedBy]);
  return { usd: carried === null || direct === null ? null : carried + direct, roundTrip: true };
}
