import type { NormalizedCall, Provider, ThreadHints, ToolCall, ToolResult } from '../../../src/domain/llm-call.js';
import type { Session } from '../../../src/domain/session.js';
import { makeUsage } from '../../../src/domain/usage.js';
import { upsertCall } from '../../../src/store/calls-repo.js';
import type { Db } from '../../../src/store/db.js';
import { insertSession } from '../../../src/store/sessions-repo.js';
import { shortHash } from '../../../src/util/hash.js';

/**
 * Writes an agent session into a real store the way an importer does (normalized calls with natural keys), one
 * call at a time, so the real structure builder, pricing, flags and cards compile it. A thread keeps its own
 * conversation state: message count, the tool calls whose results its next request carries, its prompt size and
 * what its provider cache holds.
 */

export interface ToolSpec {
  name: string;
  args: Record<string, unknown>;
  result: string;
  isError?: boolean;
  /** ms the tool ran before its result went back */
  ms?: number;
}

export interface TurnSpec {
  text?: string;
  tools?: ToolSpec[];
  /** new user text in this request (a follow-up prompt) */
  user?: string;
  /** output tokens (default: from the text and tool arguments) */
  output?: number;
  /** the cache was lost: the whole prompt is written again */
  cacheMiss?: boolean;
  /** ms the model took */
  ms?: number;
  model?: string;
  provider?: Provider;
}

const tokens = (text: string): number => Math.max(1, Math.ceil(text.length / 3.6));

export class SessionSim {
  clock: number;
  private seq = 0;
  private ids = 0;

  constructor(private readonly db: Db, readonly session: Session) {
    insertSession(db, session, `sim:${session.id}`);
    this.clock = session.startedAt;
  }

  nextToolId(): string {
    return `toolu_${String(++this.ids).padStart(4, '0')}${shortHash(`${this.session.id}${this.ids}`).slice(0, 8)}`;
  }

  write(call: NormalizedCall, ms: number): void {
    const started = this.clock;
    this.clock += ms;
    upsertCall(this.db, {
      sessionId: this.session.id, seq: ++this.seq, exchangeId: null, naturalKey: `${this.session.id}:${this.seq}`, parserVersion: 5,
      startedAt: started, firstByteAt: started + Math.round(ms / 3), endedAt: this.clock, call,
    });
  }

  wait(ms: number): void {
    this.clock += ms;
  }
}

export class ThreadSim {
  private messages = 1;
  private prompt: number;
  private cached = 0;
  private pending: { call: ToolCall; spec: ToolSpec }[] = [];
  private lastText: string | null = null;
  private lastUser: string;
  private readonly head: string;

  constructor(
    private readonly sim: SessionSim,
    private readonly opts: { system: string; firstUser: string; tools: string[]; hints: ThreadHints; model: string; provider: Provider; systemTokens: number },
  ) {
    this.prompt = opts.systemTokens + tokens(opts.firstUser);
    this.lastUser = opts.firstUser;
    this.head = shortHash(`${opts.system}\u0000${opts.firstUser}`);
  }

  /** One model call: carries the results of the previous turn's tools, answers with text and/or tool calls. */
  turn(t: TurnSpec): ToolCall[] {
    const results: ToolResult[] = [];
    for (const p of this.pending) {
      this.sim.wait(p.spec.ms ?? 300);
      this.messages += 1;
      results.push({
        toolCallId: p.call.id, name: p.call.name, chars: p.spec.result.length, tokens: tokens(p.spec.result), isError: p.spec.isError ?? false,
        contentHash: shortHash(p.spec.result), preview: p.spec.result.slice(0, 200), messageIndex: this.messages - 1,
      });
      this.prompt += tokens(p.spec.result) + 12;
    }
    if (t.user) {
      this.messages += 1;
      this.lastUser = t.user;
      this.prompt += tokens(t.user);
    }
    const calls: ToolCall[] = (t.tools ?? []).map((s) => ({ id: this.sim.nextToolId(), name: s.name, args: JSON.stringify(s.args) }));
    const text = t.text ?? '';
    const output = t.output ?? tokens(text) + calls.reduce((n, c) => n + tokens(c.args) + 8, 0);
    const read = t.cacheMiss ? 0 : Math.min(this.cached, this.prompt);
    const uncached = Math.min(6, this.prompt - read);
    const write = this.prompt - read - uncached;
    const call: NormalizedCall = {
      api: 'anthropic-messages', provider: t.provider ?? this.opts.provider, modelRequested: t.model ?? this.opts.model, model: t.model ?? this.opts.model,
      stream: true, usage: makeUsage({ inputUncached: uncached, cacheRead: read, cacheWrite5m: write, output }), rawUsage: null,
      stopReason: calls.length ? 'tool_use' : 'end_turn', outputText: text, toolCalls: calls,
      request: {
        messageCount: this.messages, systemHash: shortHash(this.opts.system), headHash: this.head, historyHash: this.head,
        lastAssistant: this.messages > 1 ? { textHash: this.lastText, toolCallIds: this.pending.map((p) => p.call.id) } : null,
        toolResults: results, toolsDeclared: this.opts.tools, inputChars: this.prompt * 4, firstUserText: this.opts.firstUser, lastUserText: this.lastUser,
      },
      error: null, complete: true, hints: this.opts.hints,
    };
    this.sim.write(call, t.ms ?? 1500 + output * 25);
    this.cached = this.prompt;
    this.prompt += output;
    this.messages += 1;
    this.lastText = text.trim() ? shortHash(text.trim()) : null;
    this.pending = calls.map((c, i) => ({ call: c, spec: (t.tools ?? [])[i] as ToolSpec }));
    return calls;
  }
}
