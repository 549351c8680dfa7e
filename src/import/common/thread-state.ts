import type { RequestSummary, ToolCall, ToolResult } from '../../domain/llm-call.js';
import { resultSaysError, resultShape, stableResultText } from '../../domain/tool-results.js';
import { shortHash } from '../../util/hash.js';
import { countTokens } from '../../util/tokens.js';

const USER_TEXT_LIMIT = 300;
const PREVIEW = 200;

type Side = 'user' | 'assistant';

/**
 * The conversation of one agent thread as a log replays it, kept compact: enough to write each call's request
 * summary (message count, last assistant turn, tool results sent since) without holding the history.
 * Consecutive entries of one side count as one API message, as the API merges them.
 *
 * For calls whose log holds no usage, the prompt can be re-counted: the texts since the last compaction are kept
 * and tokenized only when such an estimate is asked for (then remembered), so logs with usage never pay for it.
 */
export class ThreadState {
  private messageCount = 0;
  private side: Side | null = null;
  private inputChars = 0;
  private headHash: string | null = null;
  private historyHash: string | null = null;
  private firstUser: string | null = null;
  private lastUser: string | null = null;
  private lastAssistant: { key: string; text: string; toolCallIds: string[] } | null = null;
  private results: ToolResult[] = [];
  private readonly toolNames = new Map<string, string>();
  private userTextSinceAssistant = false;
  private thinking: string | null = null;
  private aborted = false;
  private texts: string[] = [];
  private countedTexts = 0;
  private countedTokens = 0;

  constructor(private readonly threadKey: string) {}

  private enter(side: Side): void {
    if (this.side !== side) {
      this.messageCount++;
      this.side = side;
    }
  }

  private setHead(role: Side, text: string): void {
    if (this.headHash === null) this.headHash = shortHash(`${this.threadKey}\u0000${text}`);
    if (this.historyHash === null) this.historyHash = shortHash(`${this.threadKey}\u0000${role}\u0000${text}`);
  }

  private keep(text: string): void {
    if (text) this.texts.push(text);
  }

  /** A user (or developer/system-injected) text message. */
  userText(text: string): void {
    this.enter('user');
    this.inputChars += text.length;
    this.setHead('user', text);
    this.keep(text);
    this.userTextSinceAssistant = true;
    if (text.trim() !== '') {
      const cut = text.slice(0, USER_TEXT_LIMIT);
      this.firstUser ??= cut;
      this.lastUser = cut;
    }
  }

  /** A tool result sent back to the model; a result whose text says it failed (JSON `status: error`) is an error. */
  toolResult(toolCallId: string, text: string, isError: boolean, model: string | null = null): void {
    this.enter('user');
    this.inputChars += text.length;
    this.setHead('user', text);
    this.keep(text);
    this.results.push({
      toolCallId,
      name: this.toolNames.get(toolCallId) ?? null,
      chars: text.length,
      tokens: countTokens(text, model),
      isError: isError || resultSaysError(text),
      contentHash: shortHash(text),
      stableHash: shortHash(stableResultText(text)),
      shape: resultShape(text),
      preview: text.slice(0, PREVIEW),
      messageIndex: Math.max(0, this.messageCount - 1),
    });
  }

  /**
   * Output of one API response. Pieces with the same `responseKey` extend one assistant message (Claude Code
   * writes one line per content block, and with parallel tools puts each tool_use's result line right after it:
   * those results still answer the one assistant message, so they stay and the message is not counted again).
   */
  assistant(responseKey: string, text: string, toolCalls: readonly ToolCall[]): void {
    const sameResponse = this.lastAssistant?.key === responseKey;
    const interleaved = sameResponse && this.side === 'user' && this.onlyResultsSinceAssistant();
    if (!sameResponse || (this.side !== 'assistant' && !interleaved)) {
      this.enter('assistant');
      this.lastAssistant = { key: responseKey, text: '', toolCallIds: [] };
      this.results = [];
      this.userTextSinceAssistant = false;
    }
    const last = this.lastAssistant;
    if (!last) return;
    if (text) last.text = last.text ? `${last.text}\n${text}` : text;
    for (const t of toolCalls) {
      last.toolCallIds.push(t.id);
      this.toolNames.set(t.id, t.name);
    }
    this.inputChars += text.length + toolCalls.reduce((n, t) => n + t.args.length, 0);
    this.keep(text);
    for (const t of toolCalls) this.keep(`${t.name}${t.args}`);
  }

  /** Since the last assistant message only tool results of its own calls came (no user text). */
  private onlyResultsSinceAssistant(): boolean {
    const ids = new Set(this.lastAssistant?.toolCallIds ?? []);
    return this.results.length > 0 && this.results.every((r) => ids.has(r.toolCallId)) && !this.userTextSinceAssistant;
  }

  /** The history was compacted into a summary: a new head, a short history. */
  compacted(summary: string): void {
    this.messageCount = 0;
    this.side = null;
    this.inputChars = 0;
    this.headHash = null;
    this.historyHash = null;
    this.lastAssistant = null;
    this.results = [];
    this.texts = [];
    this.countedTexts = 0;
    this.countedTokens = 0;
    this.userText(summary);
  }

  /** The thinking / reasoning setting later requests ask for (a level, an effort, a budget). */
  setThinking(setting: string | null): void {
    this.thinking = setting;
  }

  /** A turn the user aborted before anything was logged: the next request follows it. */
  abortedTurn(): void {
    this.aborted = true;
  }

  /** A point in the history (the texts so far), to estimate a prompt later with promptTokens(model, mark). */
  mark(): number {
    return this.texts.length;
  }

  /**
   * Estimated tokens of the prompt sent at a mark (default: now): every text since the last compaction up to it.
   * Counted once, in order; a mark from before a compaction counts what the history now holds up to it.
   */
  promptTokens(model: string | null, upTo = this.texts.length): number {
    const end = Math.min(upTo, this.texts.length);
    if (end < this.countedTexts) {
      this.countedTexts = 0;
      this.countedTokens = 0;
    }
    for (; this.countedTexts < end; this.countedTexts++) this.countedTokens += countTokens(this.texts[this.countedTexts] ?? '', model);
    return this.countedTokens;
  }

  /** The request summary of an API call made now (before its response is added). */
  snapshot(): RequestSummary {
    const afterAbortedTurn = this.aborted;
    this.aborted = false;
    const last = this.lastAssistant;
    const trimmed = last?.text.trim() ?? '';
    return {
      messageCount: this.messageCount,
      systemHash: null,
      headHash: this.headHash ?? shortHash(this.threadKey),
      historyHash: this.historyHash ?? this.headHash ?? shortHash(this.threadKey),
      lastAssistant: last ? { textHash: trimmed ? shortHash(trimmed) : null, toolCallIds: [...last.toolCallIds] } : null,
      toolResults: this.side === 'user' ? [...this.results] : [],
      toolsDeclared: [],
      inputChars: this.inputChars,
      thinking: this.thinking,
      ...(afterAbortedTurn ? { afterAbortedTurn } : {}),
      firstUserText: this.firstUser,
      lastUserText: this.lastUser,
    };
  }
}
