import type { StepCost } from '../../domain/cost.js';
import type { LlmStep, SessionStructure, ToolStep } from '../../domain/model.js';
import type { Flag } from '../card/schema.js';
import { stillCarries } from '../cost/step-costs.js';
import type { PriceTable } from '../pricing/rates.js';
import { stableResultText } from '../../domain/tool-results.js';

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
  /** each agent's tool steps in order */
  toolsByAgent: Map<string, ToolStep[]>;
  /** visible output text per LLM step id (may be cut); a missing id means "not known" */
  outputs: Map<string, string>;
  /** the price table, for counterfactuals on another model; absent: those flags stay silent */
  table: PriceTable | null;
}

/** One step's share of a flag's waste: a flag claims dollars from the steps it cites, never more than they cost. */
export interface Claim {
  stepId: string;
  /** null: the step could not be priced */
  usd: number | null;
}

/** A flag before the claims of all detectors are settled: its evidence is written once its dollars are known. */
export interface Candidate extends Omit<Flag, 'wasted_usd' | 'evidence'> {
  claims: Claim[];
  evidence: (usd: number | null) => string;
}

export type Detector = (ctx: FlagContext) => Candidate[];

function groupBy<T extends { agentId: string }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    const list = out.get(x.agentId) ?? [];
    list.push(x);
    out.set(x.agentId, list);
  }
  return out;
}

/** Indexes a session once for all detectors. */
export function makeFlagContext(structure: SessionStructure, costs: readonly StepCost[], outputs: Map<string, string>, table: PriceTable | null = null): FlagContext {
  const llm = structure.steps.filter((s): s is LlmStep => s.kind === 'llm');
  const tools = structure.steps.filter((s): s is ToolStep => s.kind === 'tool');
  return {
    structure,
    llm,
    tools,
    cost: new Map(costs.map((c) => [c.stepId, c])),
    llmById: new Map(llm.map((s) => [s.id, s])),
    toolById: new Map(tools.map((t) => [t.id, t])),
    llmByAgent: groupBy(llm.filter((s) => !s.auxiliary)),
    toolsByAgent: groupBy(tools),
    outputs,
    table,
  };
}

export function usdText(n: number | null): string {
  return n === null ? 'unpriced' : `$${n.toFixed(4)}`;
}

/** A search that found nothing (grep / rg exit 1, "No matches found") answered; it did not fail. */
export function foundNothing(t: ToolStep): boolean {
  if (t.action.verb !== 'search') return false;
  const p = stableResultText(t.resultPreview ?? '');
  return p === '' || /^(Exit code:? ?1|Process exited with code 1)( Output:)?$/i.test(p) || /^(Error: )?no (matches|files|results) found/i.test(p);
}

/** A tool call that really failed: an error result, not a search that found nothing. */
export function failed(t: ToolStep): boolean {
  return t.isError && !foundNothing(t);
}

/** Two calls did the same thing: the same tool family and the same normalized action (command, path, pattern). */
export function sameAction(a: ToolStep, b: ToolStep): boolean {
  return a.action.family === b.action.family && a.action.verb === b.action.verb && a.action.target === b.action.target;
}

/** Two calls got the same result (volatile parts aside); unknown results are never the same. */
export function sameResult(a: ToolStep, b: ToolStep): boolean {
  const x = a.resultStableHash ?? a.resultHash;
  const y = b.resultStableHash ?? b.resultHash;
  return x !== null && x !== undefined && x === y;
}

/**
 * The pattern a tool call belongs to, across agents and tools: what it did (`read`, `search`, `list`, `write`), and
 * for a command it ran, the program (`run:npm test`, `run:git push`). Read, cat and read_file are one pattern.
 */
export function patternOf(t: ToolStep): string {
  const a = t.action;
  if (a.verb === 'read' || a.verb === 'search' || a.verb === 'list' || a.verb === 'write') return a.verb;
  if (a.verb !== 'run') return a.family;
  const program = /^\s*(?:sudo\s+)?([\w.-]+)(?:\s+(run|test|install|build|status|diff|log|push|pull|commit|grep))?/.exec(a.target);
  return program?.[1] ? `run:${program[1]}${program[2] ? ` ${program[2]}` : ''}` : 'run';
}

/**
 * The steps of one repeated tool call a detector may claim: the call's carried cost and, when the LLM call that asked
 * for it asked for nothing else, that round trip too (its direct cost, the smallest estimate of one round trip).
 */
export function repeatClaims(ctx: FlagContext, t: ToolStep): Claim[] {
  const claims: Claim[] = [{ stepId: t.id, usd: ctx.cost.get(t.id)?.carried ?? null }];
  const asker = ctx.llmById.get(t.requestedBy);
  if (asker && asker.toolStepIds.length === 1) claims.push({ stepId: asker.id, usd: ctx.cost.get(asker.id)?.direct ?? null });
  return claims;
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
    if (!(err instanceof SyntaxError)) throw err;
    return args.trim(); // free-form arguments compare as trimmed text
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
