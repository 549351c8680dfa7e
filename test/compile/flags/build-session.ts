import type { StepCost } from '../../../src/domain/cost.js';
import type { Provider } from '../../../src/domain/llm-call.js';
import type { Agent, LlmStep, SessionStructure, ToolStep } from '../../../src/domain/model.js';
import { blankSession, type Session } from '../../../src/domain/session.js';
import { makeUsage, totalInput } from '../../../src/domain/usage.js';
import { shortHash } from '../../../src/util/hash.js';
import { describeToolCall } from '../../../src/domain/tool-action.js';
import { resultSaysError, resultShape, stableResultText } from '../../../src/domain/tool-results.js';

/** Prices used by hand-built sessions (USD per million tokens), so expected costs can be worked out by hand. */
export const RATES = { input: 3, cacheRead: 0.3, cacheWrite: 3.75, output: 15 } as const;

export interface LlmSpec {
  agent?: string;
  model?: string;
  provider?: Provider;
  /** uncached input tokens */
  input?: number;
  cacheRead?: number;
  cacheWrite?: number;
  cacheWrite1h?: number;
  output?: number;
  reasoning?: number;
  /** null: the call could not be priced */
  unpriced?: boolean;
  head?: string;
  /** the history's identity; default: the head (a rebuilt system prompt changes the head only) */
  history?: string;
  /** messages in the request; default: the agent's previous call + 2 */
  msgs?: number;
  /** visible output text; `outputKnown: false` leaves it out of the outputs map */
  out?: string;
  outputKnown?: boolean;
  error?: { status: number; message: string };
  refused?: boolean;
  aux?: string;
  /** start time in ms since the session start; default: previous step + 1000 */
  at?: number;
  system?: string;
  tools?: string;
  thinking?: string;
  thinkingTokens?: number;
  stopReason?: string;
  complete?: boolean;
  afterAbortedTurn?: boolean;
}

export interface ToolSpec {
  name: string;
  args?: unknown;
  /** the result text; null: the result never came back */
  result?: string | null;
  /** result known only by size (no hash, no preview) */
  hashUnknown?: boolean;
  error?: boolean;
  tokens?: number;
  /** spawns this sub-agent */
  spawns?: string;
  agent?: string;
  /** the result's shape as read from its full text (default: read from `result`) */
  shape?: { lines: number; depLines: number; binary: boolean };
  /** arguments text longer than what is stored: the action is read from this, the stored args cut to 8 KB */
  fullArgs?: string;
}

export type Event = { llm: LlmSpec } | { tool: ToolSpec };

export interface BuiltSession {
  session: Session;
  structure: SessionStructure;
  costs: StepCost[];
  outputs: Map<string, string>;
}

const T0 = 1_700_000_000_000;

/** Builds a SessionStructure, its StepCosts and outputs by hand, step by step (ids s1, s2, ... in order). */
export class SessionBuilder {
  private readonly steps: (LlmStep | ToolStep)[] = [];
  private readonly agents: Agent[] = [{ id: 'main', kind: 'main', label: null, parentAgentId: null, spawnedByStepId: null, linkEvidence: 'none' }];
  private readonly outputs = new Map<string, string>();
  private readonly unpriced = new Set<string>();
  private clock = 0;

  private nextId(): string {
    return `s${this.steps.length + 1}`;
  }

  private lastLlm(agent: string): LlmStep | undefined {
    for (let i = this.steps.length - 1; i >= 0; i--) {
      const s = this.steps[i];
      if (s?.kind === 'llm' && s.agentId === agent && !s.auxiliary) return s;
    }
    return undefined;
  }

  llm(p: LlmSpec = {}): string {
    const agent = p.agent ?? 'main';
    const id = this.nextId();
    const prev = this.lastLlm(agent);
    const msgs = p.msgs ?? (prev ? prev.messageCount + 2 : 1);
    this.clock = p.at ?? this.clock + 1000;
    // results of the tools the agent's previous call asked for come back in this request
    if (!p.aux) {
      for (const s of this.steps) {
        if (s.kind === 'tool' && s.agentId === agent && s.resultIn === null && s.resultTokens !== null) {
          s.resultIn = id;
          s.resultMessageIndex = msgs - 1;
        }
      }
    }
    const usage = p.error || p.refused ? null : makeUsage({
      inputUncached: p.input ?? 1000,
      cacheRead: p.cacheRead ?? 0,
      cacheWrite5m: p.cacheWrite ?? 0,
      cacheWrite1h: p.cacheWrite1h ?? 0,
      output: p.output ?? 50,
      reasoning: p.reasoning ?? 0,
    });
    const out = p.out ?? '';
    this.steps.push({
      kind: 'llm', id, agentId: agent, callId: this.steps.length + 1, seq: this.steps.length + 1, startedAt: T0 + this.clock, durationMs: 500,
      provider: p.provider ?? 'anthropic', model: p.model ?? 'claude-sonnet-4-5', usage, role: 'final_reply', auxiliary: p.aux ?? null,
      toolStepIds: [], error: p.error ? { status: p.error.status, type: null, message: p.error.message } : null, complete: p.complete ?? true,
      refused: p.refused ?? false, outputHash: out ? shortHash(out) : null, outputChars: out.length, messageCount: msgs, headHash: p.head ?? `head-${agent}`, historyHash: p.history ?? p.head ?? `head-${agent}`,
      systemHash: p.system ?? null, toolsHash: p.tools ?? null, thinking: p.thinking ?? null, thinkingTokens: p.thinkingTokens ?? p.reasoning ?? 0,
      stopReason: p.stopReason ?? null, afterAbortedTurn: p.afterAbortedTurn ?? false,
    });
    if (p.outputKnown !== false) this.outputs.set(id, out);
    if (p.unpriced) this.unpriced.add(id);
    return id;
  }

  tool(p: ToolSpec): string {
    const agent = p.agent ?? 'main';
    const id = this.nextId();
    const asker = this.lastLlm(agent);
    if (!asker) throw new Error('a tool step needs an LLM step of its agent before it');
    asker.toolStepIds.push(id);
    asker.role = 'tool_call';
    const full = p.fullArgs ?? (typeof p.args === 'string' ? p.args : JSON.stringify(p.args ?? {}));
    const args = full.slice(0, 8 * 1024);
    const result = p.result === undefined ? 'ok' : p.result;
    this.clock += 10;
    this.steps.push({
      kind: 'tool', id, agentId: agent, toolCallId: `call_${id}`, name: p.name, args, action: describeToolCall(p.name, full), requestedBy: asker.id, resultIn: null,
      startedAt: T0 + this.clock, latencyMs: 10,
      resultTokens: result === null ? null : (p.tokens ?? Math.ceil(result.length / 4)), resultChars: result === null ? null : result.length,
      resultHash: result === null || p.hashUnknown ? null : shortHash(result),
      resultStableHash: result === null || p.hashUnknown ? null : shortHash(stableResultText(result)),
      resultShape: result === null ? null : (p.shape ?? resultShape(result)),
      resultPreview: result === null || p.hashUnknown ? null : result.slice(0, 200),
      isError: (p.error ?? false) || (result !== null && resultSaysError(result)), resultMessageIndex: null, spawnedAgentId: p.spawns ?? null,
    });
    if (p.spawns) this.agents.push({ id: p.spawns, kind: 'subagent', label: null, parentAgentId: agent, spawnedByStepId: id, linkEvidence: 'header' });
    return id;
  }

  /** Adds a list of events (the labelled fixtures' format). */
  events(list: readonly Event[]): this {
    for (const e of list) {
      if ('llm' in e) this.llm(e.llm);
      else this.tool(e.tool);
    }
    return this;
  }

  build(): BuiltSession {
    const llm = this.steps.filter((s): s is LlmStep => s.kind === 'llm');
    const direct = new Map<string, number | null>();
    const costs = new Map<string, StepCost>();
    for (const s of llm) {
      const u = s.usage;
      const priced = !this.unpriced.has(s.id);
      const parts = u
        ? { inputUncached: (u.inputUncached * RATES.input) / 1e6, cacheRead: (u.cacheRead * RATES.cacheRead) / 1e6, cacheWrite: ((u.cacheWrite5m + u.cacheWrite1h) * RATES.cacheWrite) / 1e6, output: (u.output * RATES.output) / 1e6, reasoning: (u.reasoning * RATES.output) / 1e6 }
        : { inputUncached: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 };
      const total = parts.inputUncached + parts.cacheRead + parts.cacheWrite + parts.output;
      direct.set(s.id, priced ? total : null);
      costs.set(s.id, {
        stepId: s.id, direct: priced ? total : null, carried: 0, subagent: null,
        call: { usd: priced ? { ...parts, total } : null, source: priced ? { origin: 'test', provider: s.provider, modelId: s.model ?? '?', note: null } : null, estimated: false },
      });
    }
    for (const t of this.steps) {
      if (t.kind !== 'tool') continue;
      costs.set(t.id, { stepId: t.id, direct: null, carried: this.carried(t, llm, direct), subagent: t.spawnedAgentId ? this.agentCost(t.spawnedAgentId, llm, direct) : null, call: null });
    }
    return {
      session: blankSession({ id: 'built', source: 'demo', startedAt: T0, endedAt: T0 + this.clock + 1000, outcome: { status: 'success', source: 'oracle', evidence: null } }),
      structure: { agents: this.agents, steps: this.steps },
      costs: this.steps.map((s) => {
        const c = costs.get(s.id);
        if (!c) throw new Error(`no cost for ${s.id}`);
        return c;
      }),
      outputs: this.outputs,
    };
  }

  /** Carried cost as the cost module defines it, at each carrying call's average input rate. */
  private carried(t: ToolStep, llm: readonly LlmStep[], direct: Map<string, number | null>): number | null {
    if (t.resultIn === null || t.resultTokens === null || t.resultMessageIndex === null) return 0;
    const mine = llm.filter((s) => s.agentId === t.agentId && !s.auxiliary);
    const start = mine.findIndex((s) => s.id === t.resultIn);
    const head = mine[start]?.historyHash;
    let sum = 0;
    for (const s of mine.slice(start)) {
      if (s.historyHash !== head || s.messageCount <= t.resultMessageIndex) break;
      if (!s.usage) continue;
      if (totalInput(s.usage) < t.resultTokens) break; // a prompt smaller than the result cannot hold it (trimmed)
      if (direct.get(s.id) === null) return null;
      const u = s.usage;
      const usdIn = (u.inputUncached * RATES.input + u.cacheRead * RATES.cacheRead + (u.cacheWrite5m + u.cacheWrite1h) * RATES.cacheWrite) / 1e6;
      sum += (usdIn / Math.max(1, totalInput(u))) * t.resultTokens;
    }
    return sum;
  }

  private agentCost(agent: string, llm: readonly LlmStep[], direct: Map<string, number | null>): number | null {
    let sum = 0;
    for (const s of llm) {
      if (s.agentId !== agent) continue;
      const d = direct.get(s.id);
      if (d === null || d === undefined) return null;
      sum += d;
    }
    return sum;
  }
}
