import type { RequestSummary, ToolCall } from '../../domain/llm-call.js';
import { makeUsage, usageFromInclusive, type Usage } from '../../domain/usage.js';
import { countTokens } from '../../util/tokens.js';
import { statedExitCode } from '../../domain/tool-results.js';
import { contentText, makeToolCall } from '../common/call.js';
import { toMs } from '../common/jsonl.js';
import { ThreadState } from '../common/thread-state.js';
import type { SkipCounter } from '../common/types.js';
import {
  CODEX_ITEM_TYPES,
  CodexEventSchema,
  CodexItemSchema,
  CodexLineSchema,
  CodexSessionMetaSchema,
  CodexTurnContextSchema,
  type CodexItem,
  type CodexSessionMeta,
  type CodexTokens,
} from './schema.js';

/** One API call of a rollout: the outputs between two new token_count totals, and the usage of that response. */
export interface CodexCall {
  index: number;
  /** texts of the thread before this call (ThreadState.mark), for an estimate when no usage is logged */
  promptMark: number;
  /** false for a response cut off before its usage was written (the file ends with it) */
  complete: boolean;
  model: string | null;
  startedAt: number;
  endedAt: number;
  request: RequestSummary;
  text: string[];
  toolCalls: ToolCall[];
  usage: Usage | null;
  rawUsage: CodexTokens | null;
}

const SPAWN_NAMES = /spawn_agent|spawn|delegate/i;
const IGNORED_TYPES = new Set(['token_usage_record', 'world_state', 'inter_agent_communication_metadata']);

/** Epoch ms of a UUIDv7 (its first 48 bits), or null for other ids. */
function uuidV7Ms(id: string | undefined): number | null {
  if (!id || !/^[0-9a-f]{8}-[0-9a-f]{4}-7/i.test(id)) return null;
  return Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

/** Codex tokens → ours: cached input is part of input; reasoning is part of output. */
export function codexUsage(t: CodexTokens): Usage {
  const input = t.input_tokens ?? 0;
  return usageFromInclusive({
    input,
    cached: Math.min(input, t.cached_input_tokens ?? 0),
    output: t.output_tokens ?? 0,
    reasoning: t.reasoning_output_tokens ?? 0,
  });
}

function totalOf(t: CodexTokens): number {
  return t.total_tokens ?? (t.input_tokens ?? 0) + (t.output_tokens ?? 0);
}

function diffTokens(now: CodexTokens, before: CodexTokens | null): CodexTokens {
  const n = (t: CodexTokens | null, k: 'input_tokens' | 'cached_input_tokens' | 'output_tokens' | 'reasoning_output_tokens' | 'total_tokens'): number =>
    t?.[k] ?? 0;
  const d = (k: Parameters<typeof n>[1]): number => Math.max(0, n(now, k) - n(before, k));
  return {
    input_tokens: d('input_tokens'),
    cached_input_tokens: d('cached_input_tokens'),
    output_tokens: d('output_tokens'),
    reasoning_output_tokens: d('reasoning_output_tokens'),
    total_tokens: d('total_tokens'),
  };
}

/** Text of a tool output: plain text (newer) or `{"output": ..., "metadata": {"exit_code"}}` JSON (older). */
function outputText(v: unknown): { text: string; exitCode: number | null } {
  const raw = typeof v === 'string' ? v : contentText(v) || JSON.stringify(v ?? '');
  if (raw.startsWith('{')) {
    try {
      const o = JSON.parse(raw) as { output?: unknown; metadata?: { exit_code?: unknown } };
      if (typeof o.output === 'string') {
        const code = o.metadata?.exit_code;
        return { text: o.output, exitCode: typeof code === 'number' ? code : null };
      }
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
    }
  }
  // older rollouts say a failure in words: a command the sandbox stopped, or apply_patch's own "error: ..."
  const sandbox = /^failed in sandbox\b[^]*?exit code: (-?\d+)/.exec(raw.slice(0, 600));
  if (sandbox?.[1] !== undefined) return { text: raw, exitCode: Number(sandbox[1]) };
  if (/^error: /.test(raw)) return { text: raw, exitCode: 1 };
  return { text: raw, exitCode: statedExitCode(raw) };
}

/**
 * Replays one rollout file: one call per response, paired with its token_count whichever side of the response's
 * items Codex wrote it (before them up to 0.58, after them since). Repeats (same total), the info-less first event
 * and totals replayed from a forked parent never make a call; a total that goes down starts a new run (resume).
 * Records a fork inherited from its parent feed the conversation state but are not this thread's calls.
 */
export class RolloutReader {
  meta: CodexSessionMeta | null = null;
  readonly calls: CodexCall[] = [];
  /** spawn-like tool calls' outputs, by call id: children are linked by finding their id in them */
  readonly spawnOutputs = new Map<string, string>();
  firstAt: number | null = null;
  lastAt: number | null = null;
  private model: string | null = null;
  private inherited = false;
  private prevTotals: CodexTokens | null = null;
  /** the call being filled: its outputs so far (and, when usage comes first, its usage) */
  private pending: CodexCall | null = null;
  /**
   * where a response's token_count stands: after its items (0.118+), or before them (0.58 and older, and 0.34);
   * told by the first token_count with a new total: nothing written yet for it means usage comes first
   */
  private order: 'unknown' | 'usage_first' | 'usage_after' = 'unknown';
  /** an input (user message, tool output) came after the pending call's outputs: the next output is a new response */
  private inputSinceOutput = false;
  private state = new ThreadState('codex');
  private readonly exitCodes = new Map<string, number>();
  private readonly toolNames = new Map<string, string>();
  private inheritedOutputs = 0;

  constructor(private readonly skips: SkipCounter) {}

  line(raw: unknown): void {
    const p = CodexLineSchema.safeParse(raw);
    if (!p.success) {
      this.skips.add('codex:invalid_line');
      return;
    }
    const { type, payload, timestamp } = p.data;
    const at = toMs(timestamp) ?? this.lastAt ?? 0;
    if (timestamp) {
      this.firstAt ??= at;
      this.lastAt = at;
    }
    if (payload === undefined && CODEX_ITEM_TYPES.has(type)) return this.item(raw, at);
    switch (type) {
      case 'session_meta':
        return this.sessionMeta(payload);
      case 'turn_context':
        return this.turnContext(payload);
      case 'response_item':
        return this.item(payload, at);
      case 'event_msg':
        return this.event(payload, at);
      case 'compacted': {
        const msg = (payload as { message?: unknown } | undefined)?.message;
        this.state.compacted(typeof msg === 'string' ? msg : '');
        return;
      }
      default:
        // per-response usage copies, UI state and mailbox metadata (Codex >= 0.16x): token_count events carry usage
        if (!IGNORED_TYPES.has(type)) this.skips.add(`codex:unknown_type:${type}`);
    }
  }

  private sessionMeta(payload: unknown): void {
    const m = CodexSessionMetaSchema.safeParse(payload);
    if (!m.success) return this.skips.add('codex:invalid_session_meta');
    if (!this.meta) {
      this.meta = m.data;
      this.state = new ThreadState(`codex/${m.data.id}`);
      this.inherited = Boolean(m.data.forked_from_id) || parentThreadOf(m.data) !== null;
    } else {
      // a fork replays its parent's history after the parent's session_meta; the own meta again ends it
      this.inherited = m.data.id !== this.meta.id;
    }
  }

  private turnContext(payload: unknown): void {
    const t = CodexTurnContextSchema.safeParse(payload);
    if (!t.success) return this.skips.add('codex:invalid_turn_context');
    if (this.inherited) {
      const turnMs = uuidV7Ms(t.data.turn_id);
      const ownMs = uuidV7Ms(this.meta?.id);
      const replayed = turnMs !== null && ownMs !== null && turnMs < ownMs;
      if (!replayed) this.inherited = false;
    }
    if (!this.inherited && t.data.model) this.model = t.data.model;
    if (!this.inherited && t.data.effort !== undefined) this.state.setThinking(t.data.effort === null ? null : `effort ${t.data.effort}`);
  }

  private item(payload: unknown, at: number): void {
    const p = CodexItemSchema.safeParse(payload);
    if (!p.success) return this.skips.add('codex:invalid_item');
    const it = p.data;
    switch (it.type) {
      case 'message':
        if (it.role === 'assistant') return this.output(at, contentText(it.content), null);
        return this.input(() => this.state.userText(contentText(it.content)));
      case 'agent_message':
        // a message from another agent (a sub-agent's final answer) delivered into this thread's input
        return this.input(() => this.state.userText(contentText(it.content)));
      case 'reasoning':
      case 'web_search_call':
        return this.output(at, '', null);
      case 'function_call':
      case 'custom_tool_call':
      case 'local_shell_call':
        return this.output(at, '', this.toolCall(it));
      case 'function_call_output':
      case 'custom_tool_call_output':
        return this.input(() => this.toolOutput(it));
      default:
        this.skips.add(`codex:unknown_item:${it.type}`);
    }
  }

  private toolCall(it: CodexItem): ToolCall {
    const id = it.call_id ?? `${it.type}#${this.toolNames.size}`;
    const bare = it.name ?? (it.type === 'local_shell_call' ? 'local_shell' : it.type);
    // named as the recorder names it (wire/openai-responses): `namespace.name`
    const name = it.namespace ? `${it.namespace}.${bare}` : bare;
    this.toolNames.set(id, name);
    return makeToolCall(id, name, it.arguments ?? it.input ?? it.action ?? {});
  }

  private toolOutput(it: CodexItem): void {
    const id = it.call_id ?? '';
    const { text, exitCode } = outputText(it.output);
    const code = this.exitCodes.get(id) ?? exitCode;
    this.state.toolResult(id, text, code !== null && code !== 0);
    if (!this.inherited && SPAWN_NAMES.test(this.toolNames.get(id) ?? '')) this.spawnOutputs.set(id, text);
  }

  private input(add: () => void): void {
    add();
    if (this.pending && (this.pending.text.length > 0 || this.pending.toolCalls.length > 0)) this.inputSinceOutput = true;
  }

  private output(at: number, text: string, tool: ToolCall | null): void {
    const tools = tool ? [tool] : [];
    if (this.inherited) {
      this.state.assistant(`inherited:${this.inheritedOutputs++}`, text, tools);
      return;
    }
    // an output after the pending call's outputs and an input is another response (a rollout with no token_count,
    // Codex Desktop's, or one whose token_count was lost): the pending one ends without usage
    if (this.pending && this.inputSinceOutput) this.close();
    if (!this.pending) this.pending = this.newCall(at);
    this.state.assistant(`call:${this.pending.index}`, text, tools);
    if (text) this.pending.text.push(text);
    if (tool) this.pending.toolCalls.push(tool);
    this.pending.endedAt = at;
  }

  private newCall(at: number): CodexCall {
    return { index: this.calls.length, promptMark: this.state.mark(), complete: true, model: this.model, startedAt: at, endedAt: at, request: this.state.snapshot(), text: [], toolCalls: [], usage: null, rawUsage: null };
  }

  /** Ends the pending call; without logged usage it is estimated from the prompt and output the log rebuilds. */
  private close(): void {
    const call = this.pending;
    if (!call) return;
    call.model ??= this.model;
    if (!call.usage) {
      const output = countTokens(call.text.join('\n'), call.model) + call.toolCalls.reduce((n, t) => n + countTokens(`${t.name}${t.args}`, call.model), 0);
      call.usage = makeUsage({ inputUncached: this.state.promptTokens(call.model, call.promptMark), output, estimated: true });
    }
    this.calls.push(call);
    this.pending = null;
    this.inputSinceOutput = false;
  }

  private event(payload: unknown, at: number): void {
    const e = CodexEventSchema.safeParse(payload);
    if (!e.success) return this.skips.add('codex:invalid_event');
    if (e.data.type === 'exec_command_end' && e.data.call_id && e.data.exit_code !== undefined) {
      this.exitCodes.set(e.data.call_id, e.data.exit_code);
      return;
    }
    if (e.data.type !== 'token_count') return;
    const totals = e.data.info?.total_token_usage;
    if (!totals) return; // the first token_count of a turn has info: null
    const total = totalOf(totals);
    const before = this.prevTotals ? totalOf(this.prevTotals) : -1;
    if (total === before) return; // a repeat (rate-limit update, or the same event written twice)
    // a total lower than the last one: a resumed session restarted its running total, a new run begins
    const last = e.data.info?.last_token_usage ?? diffTokens(totals, total < before ? null : this.prevTotals);
    this.prevTotals = totals;
    if (this.inherited) return;
    if (this.order === 'unknown') this.order = this.pending ? 'usage_after' : 'usage_first';
    if (this.order === 'usage_after') {
      const call = this.pending ?? this.newCall(at);
      this.pending = call;
      this.setUsage(call, last, at);
      this.close();
      return;
    }
    // usage first: this usage opens the response whose items follow
    this.close();
    this.pending = this.newCall(at);
    this.setUsage(this.pending, last, at);
  }

  private setUsage(call: CodexCall, last: CodexTokens, at: number): void {
    call.usage = codexUsage(last);
    call.rawUsage = last;
    call.endedAt = Math.max(call.endedAt, at);
  }

  /** Ends the file: a call still open is kept (its usage estimated when none was written: cut off). */
  finish(): void {
    // in a rollout that logs usage, a last response without it was cut off (the run stopped mid-response)
    if (this.pending && !this.pending.usage && this.order !== 'unknown') this.pending.complete = false;
    this.close();
  }
}

/** The parent thread of a sub-agent rollout (`source.subagent.thread_spawn.parent_thread_id`), else null. */
export function parentThreadOf(meta: CodexSessionMeta): string | null {
  const src = meta.source;
  if (typeof src !== 'object' || src === null) return null;
  const sub = (src as Record<string, unknown>)['subagent'] ?? (src as Record<string, unknown>)['sub_agent'];
  if (typeof sub !== 'object' || sub === null) return null;
  const spawn = (sub as Record<string, unknown>)['thread_spawn'];
  if (typeof spawn !== 'object' || spawn === null) return null;
  const parent = (spawn as Record<string, unknown>)['parent_thread_id'];
  return typeof parent === 'string' ? parent : null;
}
