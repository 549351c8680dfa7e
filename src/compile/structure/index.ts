import type { LlmCallRecord, NormalizedCall, ToolCall } from '../../domain/llm-call.js';
import { describeToolCall, type ToolAction } from '../../domain/tool-action.js';
import type { Agent, LlmStep, SessionStructure, Step, ToolStep } from '../../domain/model.js';
import { shortHash } from '../../util/hash.js';
import { GUARDRAIL_ERROR_TYPE } from '../../capture/guardrails/refusal.js';
import { llmRole } from './roles.js';
import { effectiveToolName } from './bridged-tools.js';
import { isSpawnTool } from './spawn-tools.js';
import { tryJson } from '../../capture/wire/sse.js';

/**
 * What a tool call does: as recorded from its full arguments, else read from the (possibly cut) arguments now; a call
 * through a search bridge is described as the tool it ran, with the arguments it passed on.
 */
function actionOf(tc: ToolCall, name: string): ToolAction {
  if (name === tc.name) return tc.action ?? describeToolCall(name, tc.args);
  const inner = tryJson(tc.args);
  const args = typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>)['args'] : undefined;
  return describeToolCall(name, args === undefined ? tc.args : JSON.stringify(args));
}

/** One conversation: the calls that extend each other's history. Several threads may belong to one agent. */
interface Thread {
  key: string;
  agentId: string;
  signature: string;
  /** tool steps emitted in this thread whose results have not come back yet, by tool call id */
  pending: Map<string, ToolStep>;
  lastEndedAt: number;
}

interface Builder {
  agents: Agent[];
  steps: Step[];
  threads: Thread[];
  byKey: Map<string, Thread>;
  /** which thread emitted a tool call id / produced an output (for lineage) */
  threadOfToolCall: Map<string, Thread>;
  threadOfOutput: Map<string, Thread>;
  /** spawn-like tool calls not answered yet, oldest first, not yet linked to a sub-agent */
  pendingSpawns: ToolStep[];
  stepNo: number;
  subagentNo: number;
}

const signatureOf = (c: NormalizedCall): string => `${c.request.systemHash ?? ''}|${c.request.toolsDeclared.join(',')}`;

function outputHash(c: NormalizedCall): string | null {
  const t = c.outputText.trim();
  return t ? shortHash(t) : null;
}

/** The thread a request continues, by conversation lineage: the tool results or the assistant turn it carries. */
function lineageThread(b: Builder, c: NormalizedCall): Thread | null {
  for (const r of c.request.toolResults) {
    const t = b.threadOfToolCall.get(r.toolCallId);
    if (t) return t;
  }
  const last = c.request.lastAssistant;
  if (!last) return null;
  for (const id of last.toolCallIds) {
    const t = b.threadOfToolCall.get(id);
    if (t) return t;
  }
  if (last.textHash) return b.threadOfOutput.get(last.textHash) ?? null;
  return null;
}

/** A compacted or rewritten history: continue the most recent thread with the same system prompt and tools. */
function compactedThread(b: Builder, c: NormalizedCall): Thread | null {
  if (!c.request.lastAssistant) return null;
  const sig = signatureOf(c);
  let best: Thread | null = null;
  for (const t of b.threads) if (t.signature === sig && (!best || t.lastEndedAt >= best.lastEndedAt)) best = t;
  return best;
}

/** A spawn call whose result says it failed started no child. */
const failed = (s: ToolStep): boolean => s.resultIn !== null && s.isError;

/**
 * Picks the spawn call a new sub-agent thread answers. The log's own link (the spawning call's id) comes first,
 * whether or not that call's result came back already (an asynchronous spawn answers "accepted" before its child
 * runs); then a pending spawn whose prompt the child starts with, else the oldest. A failed spawn is never chosen.
 */
function takeSpawn(b: Builder, c: NormalizedCall, parentAgentId: string | null): ToolStep | null {
  const named = c.hints.parentToolCallId;
  if (named) {
    const exact = b.steps.find((s): s is ToolStep => s.kind === 'tool' && s.toolCallId === named && s.spawnedAgentId === null);
    if (exact && !failed(exact)) {
      b.pendingSpawns = b.pendingSpawns.filter((s) => s !== exact);
      return exact;
    }
  }
  let candidates = b.pendingSpawns.filter((s) => (parentAgentId === null || s.agentId === parentAgentId) && !failed(s));
  if (candidates.length === 0 && parentAgentId !== null) {
    // an asynchronous spawn (Codex `spawn_agent`) returns before the child's first call: with a header naming the
    // parent, the child belongs to one of that parent's spawn calls not yet linked to a child
    candidates = b.steps.filter((s): s is ToolStep => s.kind === 'tool' && s.agentId === parentAgentId && isSpawnTool(s.name) && s.spawnedAgentId === null && !failed(s));
  }
  const firstUser = c.request.firstUserText ?? '';
  if (candidates.length === 0 && parentAgentId === null) {
    // an asynchronous spawn without a header (OpenClaw `sessions_spawn`, answered "accepted" before the child ran):
    // only a child whose first prompt carries the spawn's task is linked to it
    const unlinked = b.steps.filter((s): s is ToolStep => s.kind === 'tool' && isSpawnTool(s.name) && s.spawnedAgentId === null && s.resultIn !== null && !failed(s));
    return unlinked.find((s) => promptMatches(s, firstUser)) ?? null;
  }
  if (candidates.length === 0) return null;
  const chosen = candidates.find((s) => promptMatches(s, firstUser)) ?? candidates[0] ?? null;
  if (chosen) b.pendingSpawns = b.pendingSpawns.filter((s) => s !== chosen);
  return chosen;
}

/** The spawn's arguments hold the start of the child's first prompt, or that prompt holds the spawn's task. */
function promptMatches(spawn: ToolStep, firstUser: string): boolean {
  const first = firstUser.trim().slice(0, 60);
  if (!first) return false;
  if (spawn.args.includes(JSON.stringify(first).slice(1, -1))) return true;
  return spawnPrompts(spawn.args).some((p) => firstUser.includes(p.trim().slice(0, 60)));
}

/** The prompt-like strings of a spawn call's arguments (also inside a bridge's nested `args`): words, 12 characters or more. */
function spawnPrompts(argsJson: string): string[] {
  const out: string[] = [];
  const visit = (v: unknown, depth: number): void => {
    if (typeof v === 'string' && v.trim().length >= 12 && /\s/.test(v.trim())) out.push(v);
    else if (typeof v === 'object' && v !== null && depth < 2) for (const x of Object.values(v)) visit(x, depth + 1);
  };
  visit(tryJson(argsJson), 0); // null (arguments cut short by a truncated stream) holds no prompt
  return out;
}

function newThread(b: Builder, c: NormalizedCall, key: string): Thread {
  const parentKey = c.hints.parentThreadId ? `t:${c.hints.parentThreadId}` : null;
  const parentThread = parentKey ? b.byKey.get(parentKey) : undefined;
  const spawn = takeSpawn(b, c, parentThread?.agentId ?? null);
  let agentId = 'main';
  if (b.agents.length === 0) {
    b.agents.push({ id: 'main', kind: 'main', label: null, parentAgentId: null, spawnedByStepId: null, linkEvidence: 'none' });
  } else if (spawn || parentThread || c.hints.parentThreadId) {
    agentId = `a${++b.subagentNo}`;
    const parent = spawn?.agentId ?? parentThread?.agentId ?? 'main';
    b.agents.push({
      id: agentId,
      kind: 'subagent',
      label: c.hints.agentLabel ?? (spawn ? spawnLabel(spawn) : null),
      parentAgentId: parent,
      spawnedByStepId: spawn?.id ?? null,
      linkEvidence: linkEvidence(c, spawn),
    });
    if (spawn) spawn.spawnedAgentId = agentId;
  }
  const t: Thread = { key, agentId, signature: signatureOf(c), pending: new Map(), lastEndedAt: 0 };
  b.threads.push(t);
  b.byKey.set(key, t);
  return t;
}

function linkEvidence(c: NormalizedCall, spawn: ToolStep | null): Agent['linkEvidence'] {
  if (c.hints.parentToolCallId && spawn?.toolCallId === c.hints.parentToolCallId) return 'log';
  if (c.hints.parentThreadId || c.hints.threadId) return 'header';
  if (!spawn) return 'none';
  // a spawn answered before the child started was linked by the child's prompt, not by its timing
  return spawn.resultIn !== null ? 'prompt' : 'pending_spawn';
}

function spawnLabel(spawn: ToolStep): string | null {
  const m = /"(?:subagent_type|agent_type|agent|label|name)"\s*:\s*"([^"]{1,40})"/.exec(spawn.args);
  return m?.[1] ?? spawn.name;
}

/**
 * A model call without an id (Gemini) got a `name#n` id from us, but some clients invent their own id for it and
 * send that back: pair such a result with the oldest pending call of the same name that had no id of its own.
 */
function byNameFallback(thread: Thread, name: string | null): ToolStep | undefined {
  if (!name) return undefined;
  for (const t of thread.pending.values()) if (t.name === name && /#\d+$/.test(t.toolCallId)) return t;
  return undefined;
}

/** Sends each returned tool result to the tool step that asked for it (same thread, by id). */
function pairResults(b: Builder, thread: Thread, c: LlmCallRecord, stepId: string): void {
  for (const r of c.call.request.toolResults) {
    const tool = thread.pending.get(r.toolCallId) ?? byNameFallback(thread, r.name);
    if (!tool) continue;
    thread.pending.delete(tool.toolCallId);
    tool.resultIn = stepId;
    tool.resultTokens = r.tokens;
    tool.resultChars = r.chars;
    tool.resultHash = r.contentHash;
    tool.resultStableHash = r.stableHash ?? r.contentHash;
    tool.resultShape = r.shape ?? null;
    tool.resultPreview = r.preview;
    tool.isError = r.isError;
    tool.resultMessageIndex = r.messageIndex;
    // a tool step starts when the response that asked for it ended
    tool.latencyMs = Math.max(0, c.startedAt - tool.startedAt);
    b.pendingSpawns = b.pendingSpawns.filter((s) => s !== tool);
  }
}

function auxiliaryReason(c: NormalizedCall, sessionUsesTools: boolean, continues: boolean): string | null {
  if (c.hints.auxiliary) return c.hints.auxiliary;
  if (sessionUsesTools && c.request.toolsDeclared.length === 0 && !continues && c.toolCalls.length === 0) {
    return 'no_tools_side_call';
  }
  return null;
}

/**
 * Rebuilds agents, LLM steps and tool steps from a session's calls in order. Strong header/log hints decide threads
 * first; otherwise a request continues the thread whose tool calls it answers or whose last output it repeats.
 * Tool-less calls in a session that uses tools, continuing nothing, are side calls (auxiliary).
 */
export function buildStructure(calls: readonly LlmCallRecord[]): SessionStructure {
  const b: Builder = {
    agents: [],
    steps: [],
    threads: [],
    byKey: new Map(),
    threadOfToolCall: new Map(),
    threadOfOutput: new Map(),
    pendingSpawns: [],
    stepNo: 0,
    subagentNo: 0,
  };
  const sessionUsesTools = calls.some((c) => c.call.request.toolsDeclared.length > 0);
  const ordered = [...calls].sort((x, y) => x.startedAt - y.startedAt || x.seq - y.seq);
  for (const rec of ordered) {
    const c = rec.call;
    const lineage = lineageThread(b, c);
    const aux = auxiliaryReason(c, sessionUsesTools, lineage !== null);
    const hintKey = c.hints.threadId ? `t:${c.hints.threadId}` : c.hints.sessionKey ? `s:${c.hints.sessionKey}` : null;
    let thread: Thread | null = null;
    if (!aux) {
      thread = (hintKey ? b.byKey.get(hintKey) : undefined) ?? lineage ?? (hintKey ? null : compactedThread(b, c));
      if (!thread) thread = newThread(b, c, hintKey ?? `l:${b.threads.length}`);
    } else if (b.agents.length === 0) {
      b.agents.push({ id: 'main', kind: 'main', label: null, parentAgentId: null, spawnedByStepId: null, linkEvidence: 'none' });
    }
    const stepId = `s${++b.stepNo}`;
    const llm: LlmStep = {
      kind: 'llm',
      id: stepId,
      // a side call stays with the agent its hint names (a compaction run of a sub-agent), else the main agent
      agentId: thread?.agentId ?? (hintKey ? b.byKey.get(hintKey)?.agentId : undefined) ?? 'main',
      callId: rec.id,
      seq: rec.seq,
      startedAt: rec.startedAt,
      durationMs: rec.endedAt === null ? null : rec.endedAt - rec.startedAt,
      provider: c.provider,
      providerId: c.providerId ?? null,
      loggedCost: c.loggedCost ?? null,
      model: c.model,
      usage: c.usage,
      role: llmRole(c),
      auxiliary: aux,
      toolStepIds: [],
      error: c.error,
      complete: c.complete,
      refused: c.error?.type === GUARDRAIL_ERROR_TYPE,
      outputHash: outputHash(c),
      outputChars: c.outputText.length,
      messageCount: c.request.messageCount,
      headHash: c.request.headHash,
      historyHash: c.request.historyHash ?? c.request.headHash,
      systemHash: c.request.systemHash,
      toolsHash: c.request.toolsDeclared.length ? shortHash(c.request.toolsDeclared.join('\u0000')) : null,
      thinking: c.request.thinking ?? null,
      afterAbortedTurn: c.request.afterAbortedTurn === true,
      thinkingTokens: c.usage && c.usage.reasoning > 0 ? c.usage.reasoning : Math.min(c.thinkingTokens ?? 0, c.usage?.output ?? 0),
      stopReason: c.stopReason,
    };
    b.steps.push(llm);
    if (!thread) continue;
    pairResults(b, thread, rec, stepId);
    thread.lastEndedAt = rec.endedAt ?? rec.startedAt;
    const h = llm.outputHash;
    if (h) b.threadOfOutput.set(h, thread);
    for (const tc of c.toolCalls) {
      const name = effectiveToolName(tc.name, tc.args, c.request.toolsDeclared);
      const tool: ToolStep = {
        kind: 'tool',
        id: `s${++b.stepNo}`,
        agentId: thread.agentId,
        toolCallId: tc.id,
        name,
        args: tc.args,
        action: actionOf(tc, name),
        requestedBy: stepId,
        resultIn: null,
        startedAt: rec.endedAt ?? rec.startedAt,
        latencyMs: null,
        resultTokens: null,
        resultChars: null,
        resultHash: null,
        resultStableHash: null,
        resultPreview: null,
        isError: false,
        resultMessageIndex: null,
        spawnedAgentId: null,
      };
      llm.toolStepIds.push(tool.id);
      b.steps.push(tool);
      thread.pending.set(tc.id, tool);
      b.threadOfToolCall.set(tc.id, thread);
      if (isSpawnTool(tool.name)) b.pendingSpawns.push(tool);
    }
  }
  if (b.agents.length === 0 && calls.length === 0) return { agents: [], steps: [] };
  return { agents: b.agents, steps: b.steps };
}
