import type { ApiKind, LoggedCost, Provider, RequestSummary, ToolCall } from '../../domain/llm-call.js';
import { makeUsage, type Usage } from '../../domain/usage.js';
import { countTokens } from '../../util/tokens.js';
import { apiOfModel, contentText, makeToolCall } from '../common/call.js';
import { toMs } from '../common/jsonl.js';
import { ThreadState } from '../common/thread-state.js';
import type { SkipCounter } from '../common/types.js';
import { OC_IGNORED_TYPES, OC_NESTED_TOOL, OcEntrySchema, OcHeaderSchema, OcMessageSchema, OcNestedToolSchema, OcToolCallSchema, type OcMessage, type OcUsage } from './schema.js';

export interface OcCall {
  key: string;
  api: ApiKind;
  provider: Provider;
  model: string | null;
  at: number;
  request: RequestSummary;
  text: string;
  toolCalls: ToolCall[];
  usage: Usage;
  rawUsage: OcUsage | null;
  providerId: string | null;
  loggedCost: LoggedCost | null;
  stopReason: string | null;
  error: string | null;
  /** the user stopped the turn mid-response */
  aborted: boolean;
  thinkingTokens: number;
}

const API_KINDS: Record<string, ApiKind> = {
  'anthropic-messages': 'anthropic-messages',
  'openai-responses': 'openai-responses',
  'openai-codex-responses': 'openai-responses',
  'openai-completions': 'openai-chat',
  'google-generative-ai': 'gemini-generate',
  'google-gemini-cli': 'gemini-generate',
};

const PROVIDERS: Record<string, Provider> = { anthropic: 'anthropic', openai: 'openai', 'openai-codex': 'openai', google: 'google' };

/** OpenClaw usage → ours: input excludes cache reads and writes already; writes have no 5m/1h split (5m assumed). */
export function openclawUsage(u: OcUsage): Usage {
  return {
    inputUncached: u.input ?? 0,
    cacheRead: u.cacheRead ?? 0,
    cacheWrite5m: u.cacheWrite ?? 0,
    cacheWrite1h: 0,
    output: u.output ?? 0,
    reasoning: 0,
    estimated: false,
  };
}

/** Tokens of the visible thinking blocks of an assistant message (estimated; 0 when there are none). */
function thinkingTokensOf(content: unknown, model: string | null): number {
  if (!Array.isArray(content)) return 0;
  const text = content
    .map((b) => (typeof b === 'object' && b !== null && (b as { type?: unknown }).type === 'thinking' ? String((b as { thinking?: unknown }).thinking ?? '') : ''))
    .join('\n');
  return text.trim() ? countTokens(text, model) : 0;
}

/** Usage of a turn whose log has none: the prompt re-counted, the output counted, marked estimated. */
function estimateUsage(promptTokens: number, text: string, toolCalls: readonly ToolCall[], model: string | null): Usage {
  const output = countTokens(text, model) + toolCalls.reduce((n, t) => n + countTokens(`${t.name}${t.args}`, model), 0);
  return makeUsage({ inputUncached: promptTokens, output, estimated: true });
}

/** OpenClaw's own cost figure (`usage.cost`), when it is there. */
function loggedCostOf(u: OcUsage | null): LoggedCost | null {
  const c = u?.cost;
  if (typeof c !== 'object' || c === null) return null;
  const o = c as Record<string, unknown>;
  const num = (k: string): number | undefined => (typeof o[k] === 'number' ? o[k] : undefined);
  const total = num('total');
  if (total === undefined) return null;
  const out: LoggedCost = { total };
  for (const k of ['input', 'output', 'cacheRead', 'cacheWrite'] as const) {
    const v = num(k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

const usageTotal = (u: OcUsage): number => (u.input ?? 0) + (u.output ?? 0) + (u.cacheRead ?? 0) + (u.cacheWrite ?? 0);

/** One OpenClaw session file replayed: its assistant messages with usage are the LLM calls. */
export class OcSessionReader {
  id: string | null = null;
  version: number | null = null;
  cwd: string | null = null;
  firstAt: number | null = null;
  lastAt: number | null = null;
  readonly calls: OcCall[] = [];
  /** sessions_spawn results: tool call id → the child session key it started */
  readonly spawns = new Map<string, string>();
  readonly spawnArgs = new Map<string, string>();
  private state = new ThreadState('openclaw');
  private n = 0;

  constructor(private readonly skips: SkipCounter) {}

  line(raw: unknown): void {
    const e = OcEntrySchema.safeParse(raw);
    if (!e.success) return this.skips.add('openclaw:invalid_line');
    const at = toMs(e.data.timestamp);
    if (at !== null) {
      this.firstAt ??= at;
      this.lastAt = at;
    }
    const entry = e.data;
    if (entry.type === 'session') {
      const h = OcHeaderSchema.safeParse(raw);
      if (!h.success) return this.skips.add('openclaw:invalid_header');
      this.id ??= h.data.id;
      this.version ??= h.data.version ?? null;
      this.cwd ??= h.data.cwd ?? null;
      this.state = new ThreadState(`openclaw/${h.data.id}`);
      const level = (raw as { thinkingLevel?: unknown }).thinkingLevel;
      if (typeof level === 'string') this.state.setThinking(level);
      return;
    }
    if (entry.type === 'compaction') return this.state.compacted(entry.summary ?? '');
    if (entry.type === 'thinking_level_change') {
      const level = (raw as { thinkingLevel?: unknown }).thinkingLevel;
      return this.state.setThinking(typeof level === 'string' ? level : null);
    }
    if (entry.type !== 'message') {
      if (!OC_IGNORED_TYPES.has(entry.type)) this.skips.add(`openclaw:unknown_type:${entry.type}`);
      return;
    }
    const m = OcMessageSchema.safeParse(entry.message);
    if (!m.success) return this.skips.add('openclaw:invalid_message');
    const key = entry.id ?? `n${this.n}`;
    this.n++;
    this.message(m.data, key, at ?? toMs(m.data.timestamp) ?? this.lastAt ?? 0);
  }

  private message(m: OcMessage, key: string, at: number): void {
    if (m.role === 'user') return this.state.userText(contentText(m.content));
    if (m.role === 'toolResult') {
      const text = contentText(m.content);
      this.state.toolResult(m.toolCallId ?? '', text, m.isError === true);
      if (m.toolName === 'sessions_spawn' && m.toolCallId) {
        const child = childKeyOf(m.details) ?? childKeyOf(safeJson(text));
        if (child) this.spawns.set(m.toolCallId, child);
      }
      return;
    }
    if (m.role === 'custom') return this.custom(m);
    if (m.role !== 'assistant') return this.skips.add(`openclaw:unknown_role:${m.role}`);
    const text = contentText(Array.isArray(m.content) ? m.content.filter((b) => (b as { type?: unknown }).type === 'text') : m.content);
    const toolCalls: ToolCall[] = [];
    for (const b of Array.isArray(m.content) ? m.content : []) {
      const t = OcToolCallSchema.safeParse(b);
      if (!t.success) continue;
      const call = makeToolCall(t.data.id, t.data.name, t.data.arguments);
      toolCalls.push(call);
      if (t.data.name === 'sessions_spawn') this.spawnArgs.set(t.data.id, call.args);
    }
    // delivery mirrors are copies of text sent to a channel, written by OpenClaw itself: no API call behind them,
    // and nothing the model sees again, so they leave the conversation state alone
    if (m.provider === 'openclaw' || m.model === 'delivery-mirror') return this.skips.add('openclaw:synthetic_mirror');
    const usage = m.usage ?? null;
    const reported = usage !== null && usageTotal(usage) > 0;
    const ran = text.trim() !== '' || toolCalls.length > 0;
    if (!reported && !ran) {
      // an error or aborted turn that produced nothing and reported no usage: apart, and out of the conversation
      if (m.stopReason === 'aborted' || m.stopReason === 'error') this.state.abortedTurn();
      return this.skips.add(m.stopReason === 'aborted' ? 'openclaw:aborted_no_content' : m.stopReason === 'error' ? 'openclaw:unbilled_error_turn' : 'openclaw:assistant_without_usage');
    }
    const model = m.model ?? null;
    const request = this.state.snapshot();
    // a turn that ran but logged no usage (the provider returned none): estimated from the prompt the log rebuilds
    const estimated = reported ? null : estimateUsage(this.state.promptTokens(model), text, toolCalls, model);
    this.state.assistant(key, text, toolCalls);
    const fam = apiOfModel(model, { api: API_KINDS[m.api ?? ''] ?? 'unknown', provider: 'other' });
    this.calls.push({
      key,
      api: API_KINDS[m.api ?? ''] ?? fam.api,
      provider: PROVIDERS[m.provider ?? ''] ?? (m.provider ? 'other' : fam.provider),
      providerId: m.provider ?? null,
      loggedCost: loggedCostOf(usage),
      model,
      at,
      request,
      text,
      toolCalls,
      thinkingTokens: thinkingTokensOf(m.content, model),
      usage: estimated ?? openclawUsage(usage ?? {}),
      rawUsage: usage,
      stopReason: m.stopReason ?? null,
      error: m.stopReason === 'error' ? (m.errorMessage ?? 'error') : null,
      aborted: m.stopReason === 'aborted',
    });
  }

  /** A tool the bridge ran: a `sessions_spawn` behind `tool_call` links its child to the bridge call's id. */
  private custom(m: OcMessage): void {
    if (m.customType !== OC_NESTED_TOOL) return this.skips.add('openclaw:custom_message');
    const nested = OcNestedToolSchema.safeParse(m.details);
    if (!nested.success) return this.skips.add('openclaw:invalid_nested_tool');
    const { parentToolCallId: id, toolName, input, result } = nested.data;
    if (toolName !== 'sessions_spawn') return;
    const child = childKeyOf(result?.details) ?? childKeyOf(safeJson(contentText(result?.content)));
    if (child) this.spawns.set(id, child);
    if (input !== undefined) this.spawnArgs.set(id, JSON.stringify(input));
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return null;
  }
}

function childKeyOf(v: unknown): string | null {
  if (typeof v !== 'object' || v === null) return null;
  const k = (v as Record<string, unknown>)['childSessionKey'];
  return typeof k === 'string' ? k : null;
}
