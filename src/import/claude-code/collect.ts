import type { RequestSummary, ToolCall } from '../../domain/llm-call.js';
import { shortHash } from '../../util/hash.js';
import { contentText, makeToolCall } from '../common/call.js';
import { toMs } from '../common/jsonl.js';
import { ThreadState } from '../common/thread-state.js';
import type { SkipCounter } from '../common/types.js';
import { isCompactionAgent } from './group.js';
import { CC_IGNORED_TYPES, CcAgentProgressSchema, CcBlockSchema, CcLineSchema, type CcBlock, type CcLine } from './schema.js';

/** One API response being assembled from its per-block lines. */
export interface PendingResponse {
  key: string;
  threadId: string;
  model: string | null;
  startedAt: number;
  endedAt: number;
  usage: Record<string, unknown> | null;
  /** how complete the kept usage copy is: [output tokens, 1 when its line has a stop_reason] */
  usageRank: [number, number];
  text: string[];
  /** visible thinking text of the response (Anthropic counts reasoning inside output and reports no split) */
  thinking: string[];
  toolCalls: ToolCall[];
  blockSigs: Set<string>;
  request: RequestSummary;
  stopReason: string | null;
  apiError: string | null;
}

/** Everything a session's files told, before calls are built: responses, threads and sub-agent links. */
export class CcCollector {
  readonly responses = new Map<string, PendingResponse>();
  readonly threads = new Map<string, ThreadState>();
  readonly threadFirstUser = new Map<string, string>();
  readonly uuidThread = new Map<string, string>();
  readonly toolCallThread = new Map<string, string>();
  readonly toolCallsById = new Map<string, ToolCall>();
  /** sub-agent id → the Task/Agent tool_use id that spawned it */
  readonly agentSpawn = new Map<string, string>();
  readonly transcriptAgents = new Set<string>();
  /** compaction run id → the thread whose history it summarized (its first line's parent) */
  readonly compactedThread = new Map<string, string>();
  readonly mirrors: { agentId: string; line: unknown }[] = [];
  version: string | null = null;
  cwd: string | null = null;
  gitBranch: string | null = null;
  firstAt: number | null = null;
  lastAt: number | null = null;

  constructor(
    readonly sessionId: string,
    private readonly skips: SkipCounter,
  ) {}

  private thread(id: string): ThreadState {
    let t = this.threads.get(id);
    if (!t) this.threads.set(id, (t = new ThreadState(`${this.sessionId}/${id}`)));
    return t;
  }

  private threadOf(line: CcLine, fileAgentId: string | null): string {
    const agentId = line.agentId ?? fileAgentId;
    if (agentId && isCompactionAgent(agentId) && !this.compactedThread.has(agentId)) {
      const parent = line.parentUuid ? this.uuidThread.get(line.parentUuid) : undefined;
      this.compactedThread.set(agentId, parent ?? this.sessionId);
    }
    let id: string;
    if (agentId) id = agentId;
    else if (line.isSidechain) id = (line.parentUuid ? this.uuidThread.get(line.parentUuid) : undefined) ?? `sidechain-${line.uuid ?? 'x'}`;
    else id = this.sessionId;
    if (line.uuid) this.uuidThread.set(line.uuid, id);
    return id;
  }

  /** Takes one parsed JSON line of a transcript (or a mirrored one from a progress line when `mirror`). */
  line(raw: unknown, fileAgentId: string | null, mirror = false): void {
    const parsed = CcLineSchema.safeParse(raw);
    if (!parsed.success) {
      this.skips.add('claude-code:invalid_line');
      return;
    }
    const line = parsed.data;
    const at = toMs(line.timestamp);
    if (at !== null) {
      this.firstAt = this.firstAt === null ? at : Math.min(this.firstAt, at);
      this.lastAt = this.lastAt === null ? at : Math.max(this.lastAt, at);
    }
    this.version ??= line.version ?? null;
    this.cwd ??= line.cwd ?? null;
    this.gitBranch ??= line.gitBranch ?? null;
    if (line.type === 'user') this.user(line, fileAgentId);
    else if (line.type === 'assistant') this.assistant(line, fileAgentId, at);
    else if (line.type === 'progress') this.progress(line, mirror);
    else if (!CC_IGNORED_TYPES.has(line.type)) this.skips.add(`claude-code:unknown_type:${line.type}`);
  }

  private blocks(content: unknown): CcBlock[] {
    if (typeof content === 'string') return [{ type: 'text', text: content }];
    if (!Array.isArray(content)) return [];
    const out: CcBlock[] = [];
    for (const b of content) {
      const p = CcBlockSchema.safeParse(b);
      if (p.success) out.push(p.data);
      else this.skips.add('claude-code:invalid_block');
    }
    return out;
  }

  private user(line: CcLine, fileAgentId: string | null): void {
    const threadId = this.threadOf(line, fileAgentId);
    if (line.agentId ?? fileAgentId) this.transcriptAgents.add(threadId);
    const t = this.thread(threadId);
    const level = thinkingSetting(line['thinkingMetadata']);
    if (level !== undefined) t.setThinking(level);
    const spawned = agentIdOf(line.toolUseResult);
    for (const b of this.blocks(line.message?.content)) {
      if (b.type === 'tool_result' && b.tool_use_id) {
        t.toolResult(b.tool_use_id, contentText(b.content), b.is_error === true);
        if (spawned && !this.agentSpawn.has(spawned)) this.agentSpawn.set(spawned, b.tool_use_id);
      } else if (b.type === 'text' && b.text !== undefined) {
        if (line.isCompactSummary) t.compacted(b.text);
        else t.userText(b.text);
        if (!this.threadFirstUser.has(threadId)) this.threadFirstUser.set(threadId, b.text);
      }
    }
  }

  private assistant(line: CcLine, fileAgentId: string | null, at: number | null): void {
    const msg = line.message;
    if (!msg) {
      this.skips.add('claude-code:assistant_without_message');
      return;
    }
    const threadId = this.threadOf(line, fileAgentId);
    if (line.agentId ?? fileAgentId) this.transcriptAgents.add(threadId);
    const synthetic = msg.model === '<synthetic>';
    if (synthetic && !line.isApiErrorMessage) {
      this.skips.add('claude-code:synthetic_message');
      return;
    }
    const key = msg.id && !synthetic ? `${msg.id}:${line.requestId ?? ''}` : `line:${line.uuid ?? shortHash(JSON.stringify(msg))}`;
    const t = this.thread(threadId);
    let r = this.responses.get(key);
    if (!r) {
      r = {
        key,
        threadId,
        model: synthetic ? null : (msg.model ?? null),
        startedAt: at ?? this.lastAt ?? 0,
        endedAt: at ?? this.lastAt ?? 0,
        usage: null,
        usageRank: [-1, -1],
        text: [],
        thinking: [],
        toolCalls: [],
        blockSigs: new Set(),
        request: t.snapshot(),
        stopReason: null,
        apiError: line.isApiErrorMessage ? '' : null,
      };
      this.responses.set(key, r);
    }
    if (at !== null) r.endedAt = Math.max(r.endedAt, at);
    r.stopReason = msg.stop_reason ?? r.stopReason;
    if (msg.usage && !synthetic) {
      // copies of one response repeat its usage; the final copy is the most complete: the largest output, then one
      // with a stop_reason (behind some proxies an early copy holds message_start's estimate: a LARGER input and no
      // output, so "the largest sum" would pick it), then the later one. Counted once.
      const rank: [number, number] = [msg.usage.output_tokens ?? 0, msg.stop_reason ? 1 : 0];
      if (rank[0] > r.usageRank[0] || (rank[0] === r.usageRank[0] && rank[1] >= r.usageRank[1])) {
        r.usage = msg.usage;
        r.usageRank = rank;
      }
    }
    this.addBlocks(r, t, this.blocks(msg.content));
  }

  private addBlocks(r: PendingResponse, t: ThreadState, blocks: CcBlock[]): void {
    for (const b of blocks) {
      // identity of a block within one response (copies repeat blocks): tool id, else type + length + head
      const body = b.text ?? (typeof b['thinking'] === 'string' ? b['thinking'] : '');
      const sig = b.type === 'tool_use' ? `tool:${b.id ?? ''}` : `${b.type}:${body.length}:${body.slice(0, 80)}`;
      if (r.blockSigs.has(sig)) continue;
      r.blockSigs.add(sig);
      if (b.type === 'text' && b.text !== undefined) {
        r.text.push(b.text);
        if (r.apiError !== null) r.apiError = `${r.apiError}${b.text}`;
        t.assistant(r.key, b.text, []);
      } else if (b.type === 'thinking' && body) {
        r.thinking.push(body);
        t.assistant(r.key, '', []);
      } else if (b.type === 'tool_use' && b.id && b.name) {
        const call = makeToolCall(b.id, b.name, b.input);
        r.toolCalls.push(call);
        this.toolCallThread.set(b.id, r.threadId);
        this.toolCallsById.set(b.id, call);
        t.assistant(r.key, '', [call]);
      } else {
        t.assistant(r.key, '', []);
      }
    }
  }

  private progress(line: CcLine, mirror: boolean): void {
    const data = CcAgentProgressSchema.safeParse(line.data);
    if (!data.success || mirror) return;
    const agentId = data.data.agentId;
    if (!agentId) return;
    if (line.parentToolUseID && !this.agentSpawn.has(agentId)) this.agentSpawn.set(agentId, line.parentToolUseID);
    if (data.data.message !== undefined) this.mirrors.push({ agentId, line: data.data.message });
  }

  /** Replays progress-mirrored messages of sub-agents that have no transcript of their own (else they'd count twice). */
  replayMirrors(): void {
    const withTranscript = new Set(this.transcriptAgents);
    for (const m of this.mirrors) {
      if (withTranscript.has(m.agentId)) continue;
      this.line(m.line, m.agentId, true);
    }
  }
}

/** Claude Code's `thinkingMetadata` on a user line: `{level, disabled}` or `{maxThinkingTokens}`; undefined when absent. */
function thinkingSetting(v: unknown): string | null | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (o['disabled'] === true) return 'off';
  if (typeof o['level'] === 'string') return o['level'];
  if (typeof o['maxThinkingTokens'] === 'number') return `budget ${o['maxThinkingTokens']}`;
  return null;
}

function agentIdOf(toolUseResult: unknown): string | null {
  if (typeof toolUseResult !== 'object' || toolUseResult === null) return null;
  const id = (toolUseResult as Record<string, unknown>)['agentId'];
  return typeof id === 'string' ? id : null;
}
