import type { LlmCallRecord, NormalizedCall, ThreadHints, ToolResult } from '../../../src/domain/llm-call.js';
import { makeUsage } from '../../../src/domain/usage.js';
import { shortHash } from '../../../src/util/hash.js';

export interface CallSpec {
  t: number;
  msgs?: number;
  head?: string;
  /** the history's identity (first message); default: the head */
  history?: string;
  system?: string;
  tools?: string[];
  /** the previous assistant turn this request carries */
  lastText?: string;
  lastCalls?: string[];
  results?: { id: string; text?: string; error?: boolean }[];
  firstUser?: string;
  out?: string;
  calls?: { id: string; name: string; args?: string }[];
  hints?: ThreadHints;
  error?: number;
  usage?: { input: number; output: number; cacheRead?: number; reasoning?: number };
  model?: string;
}

let nextId = 1;

/** A stored call built from a short spec, so structure tests read like the conversations they model. */
export function call(s: CallSpec): LlmCallRecord {
  const results: ToolResult[] = (s.results ?? []).map((r) => ({
    toolCallId: r.id,
    name: null,
    chars: (r.text ?? 'ok').length,
    tokens: Math.ceil((r.text ?? 'ok').length / 4),
    isError: r.error ?? false,
    contentHash: shortHash(r.text ?? 'ok'),
    preview: (r.text ?? 'ok').slice(0, 200),
    messageIndex: (s.msgs ?? 1) - 1,
  }));
  const c: NormalizedCall = {
    api: 'openai-chat',
    provider: 'openai',
    modelRequested: s.model ?? 'gpt-4.1',
    model: s.model ?? 'gpt-4.1',
    stream: false,
    usage: s.error ? null : makeUsage({ inputUncached: s.usage?.input ?? 1000, output: s.usage?.output ?? 50, cacheRead: s.usage?.cacheRead ?? 0, reasoning: s.usage?.reasoning ?? 0 }),
    rawUsage: null,
    stopReason: null,
    outputText: s.out ?? '',
    toolCalls: (s.calls ?? []).map((x) => ({ id: x.id, name: x.name, args: x.args ?? '{}' })),
    request: {
      messageCount: s.msgs ?? 1,
      systemHash: s.system ?? 'sys',
      headHash: s.head ?? 'head',
      historyHash: s.history ?? s.head ?? 'head',
      lastAssistant: s.lastText !== undefined || s.lastCalls ? { textHash: s.lastText ? shortHash(s.lastText) : null, toolCallIds: s.lastCalls ?? [] } : null,
      toolResults: results,
      toolsDeclared: s.tools ?? ['bash'],
      inputChars: 1000,
      firstUserText: s.firstUser ?? 'task',
      lastUserText: s.firstUser ?? 'task',
    },
    error: s.error ? { status: s.error, type: 'server_error', message: 'boom' } : null,
    complete: true,
    hints: s.hints ?? {},
  };
  return { id: nextId++, sessionId: 'x', seq: s.t, exchangeId: null, startedAt: s.t * 1000, firstByteAt: null, endedAt: s.t * 1000 + 500, call: c };
}
