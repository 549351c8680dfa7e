import type { RequestSummary, ToolCall, ToolResult } from '../../domain/llm-call.js';
import { shortHash } from '../../util/hash.js';
import { countTokens } from '../../util/tokens.js';

const USER_TEXT_LIMIT = 300;
const PREVIEW = 200;

type Side = 'user' | 'assistant';

/**
 * The conversation of one agent thread as a log replays it, kept compact: enough to write each call's request
 * summary (message count, last assistant turn, tool results sent since) without holding the history.
 * Consecutive entries of one side count as one API message, as the API merges them.
 */
export class ThreadState {
  private messageCount = 0;
  private side: Side | null = null;
  private inputChars = 0;
  private headHash: string | null = null;
  private firstUser: string | null = null;
  private lastUser: string | null = null;
  private lastAssistant: { key: string; text: string; toolCallIds: string[] } | null = null;
  private results: ToolResult[] = [];
  private readonly toolNames = new Map<string, string>();

  constructor(private readonly threadKey: string) {}

  private enter(side: Side): void {
    if (this.side !== side) {
      this.messageCount++;
      this.side = side;
    }
  }

  private setHead(text: string): void {
    if (this.headHash === null) this.headHash = shortHash(`${this.threadKey}\u0000${text}`);
  }

  /** A user (or developer/system-injected) text message. */
  userText(text: string): void {
    this.enter('user');
    this.inputChars += text.length;
    this.setHead(text);
    if (text.trim() !== '') {
      const cut = text.slice(0, USER_TEXT_LIMIT);
      this.firstUser ??= cut;
      this.lastUser = cut;
    }
  }

  /** A tool result sent back to the model. */
  toolResult(toolCallId: string, text: string, isError: boolean): void {
    this.enter('user');
    this.inputChars += text.length;
    this.setHead(text);
    this.results.push({
      toolCallId,
      name: this.toolNames.get(toolCallId) ?? null,
      chars: text.length,
      tokens: countTokens(text),
      isError,
      contentHash: shortHash(text),
      preview: text.slice(0, PREVIEW),
      messageIndex: Math.max(0, this.messageCount - 1),
    });
  }

  /**
   * Output of one API response. Pieces with the same `responseKey` extend one assistant message (Claude Code
   * writes one line per content block); a new key starts a new message.
   */
  assistant(responseKey: string, text: string, toolCalls: readonly ToolCall[]): void {
    if (this.lastAssistant?.key !== responseKey || this.side !== 'assistant') {
      this.enter('assistant');
      this.lastAssistant = { key: responseKey, text: '', toolCallIds: [] };
      this.results = [];
    }
    const last = this.lastAssistant;
    if (text) last.text = last.text ? `${last.text}\n${text}` : text;
    for (const t of toolCalls) {
      last.toolCallIds.push(t.id);
      this.toolNames.set(t.id, t.name);
    }
    this.inputChars += text.length + toolCalls.reduce((n, t) => n + t.args.length, 0);
  }

  /** The history was compacted into a summary: a new head, a short history. */
  compacted(summary: string): void {
    this.messageCount = 0;
    this.side = null;
    this.inputChars = 0;
    this.headHash = null;
    this.lastAssistant = null;
    this.results = [];
    this.userText(summary);
  }

  /** The request summary of an API call made now (before its response is added). */
  snapshot(): RequestSummary {
    const last = this.lastAssistant;
    const trimmed = last?.text.trim() ?? '';
    return {
      messageCount: this.messageCount,
      systemHash: null,
      headHash: this.headHash ?? shortHash(this.threadKey),
      lastAssistant: last ? { textHash: trimmed ? shortHash(trimmed) : null, toolCallIds: [...last.toolCallIds] } : null,
      toolResults: this.side === 'user' ? [...this.results] : [],
      toolsDeclared: [],
      inputChars: this.inputChars,
      firstUserText: this.firstUser,
      lastUserText: this.lastUser,
    };
  }
}
