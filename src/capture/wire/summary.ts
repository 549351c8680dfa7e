import type { CallError, NormalizedCall, RequestSummary, ThreadHints, ToolCall, ToolResult } from '../../domain/llm-call.js';
import type { Usage } from '../../domain/usage.js';
import { canonicalJson, shortHash } from '../../util/hash.js';
import { countTokens } from '../../util/tokens.js';
import { resultSaysError, resultShape, stableResultText } from '../../domain/tool-results.js';
import { describeToolCall } from '../../domain/tool-action.js';

/** A request message in a shape common to every wire format, enough to summarize the conversation. */
export interface CommonMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  /** visible text of the message */
  text: string;
  /** tool calls an assistant message carries */
  toolCallIds: string[];
  /** tool results a user/tool message carries */
  toolResults: { id: string; name: string | null; text: string; isError: boolean }[];
  /** the message as sent, for hashing */
  raw: unknown;
}

const OUTPUT_TEXT_LIMIT = 16 * 1024;
const ARGS_LIMIT = 8 * 1024;
const USER_TEXT_LIMIT = 300;

/** The first n characters of s (the limits on stored text). */
export function cut(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) : s;
}

/** A tool call with its arguments cut to 8 KB. */
export function toolCall(id: string, name: string, args: string): ToolCall {
  return { id, name, args: cut(args, ARGS_LIMIT), action: describeToolCall(name, args) };
}

/** Builds the compact request summary from a format's messages (see RequestSummarySchema for each field). */
export function summarizeRequest(
  messages: readonly CommonMessage[],
  system: unknown,
  toolsDeclared: string[],
  inputChars: number,
  model: string | null,
): RequestSummary {
  let lastAssistantIdx = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.role === 'assistant') {
      lastAssistantIdx = i;
      break;
    }
  }
  const last = lastAssistantIdx >= 0 ? messages[lastAssistantIdx] : undefined;
  const toolResults: ToolResult[] = [];
  for (let i = lastAssistantIdx + 1; i < messages.length; i++) {
    for (const r of messages[i]?.toolResults ?? []) {
      toolResults.push({
        toolCallId: r.id,
        name: r.name,
        chars: r.text.length,
        tokens: countTokens(r.text, model),
        isError: r.isError || resultSaysError(r.text),
        contentHash: shortHash(r.text),
        stableHash: shortHash(stableResultText(r.text)),
        shape: resultShape(r.text),
        preview: r.text.slice(0, 200),
        messageIndex: i,
      });
    }
  }
  const userTexts = messages.filter((m) => m.role === 'user' && m.text.trim() !== '');
  const systemPresent = system !== null && system !== undefined && system !== '' && !(Array.isArray(system) && system.length === 0);
  // the head is the system prompt plus the first conversation message (a chat request's system messages are the
  // system prompt already, so they are skipped: two conversations under one system prompt get different heads)
  const head = messages.find((m) => m.role !== 'system') ?? messages[0];
  return {
    messageCount: messages.length,
    systemHash: systemPresent ? shortHash(canonicalJson(system, CACHE_MARKS)) : null,
    headHash: head || systemPresent ? shortHash(canonicalJson([system ?? null, head?.raw ?? null], CACHE_MARKS)) : null,
    // the history's identity by what it says, not how it is spelled: clients re-send the first message as a string or
    // as blocks, and rebuild the system prompt between runs of one conversation (OpenClaw's continuations)
    historyHash: head ? shortHash(`${head.role}\u0000${head.text}`) : null,
    lastAssistant: last ? { textHash: visibleTextHash(last.text), toolCallIds: last.toolCallIds } : null,
    toolResults,
    toolsDeclared,
    inputChars,
    firstUserText: userTexts[0] ? cut(userTexts[0].text, USER_TEXT_LIMIT) : null,
    lastUserText: userTexts.length > 0 ? cut(userTexts[userTexts.length - 1]?.text ?? '', USER_TEXT_LIMIT) : null,
  };
}

/**
 * The hash a response's visible text gets (the structure builder compares it with `shortHash(outputText.trim())` to
 * find which response a request's last assistant message is): cut as outputText is, then trimmed. Null when empty.
 */
export function visibleTextHash(text: string): string | null {
  const t = cut(text, OUTPUT_TEXT_LIMIT).trim();
  return t ? shortHash(t) : null;
}

/**
 * Anthropic `cache_control` marks move from message to message as a conversation grows (the breakpoint follows the
 * last turn); they say nothing about content, so hashes leave them out to stay equal across turns.
 */
const CACHE_MARKS: ReadonlySet<string> = new Set(['cache_control']);

export interface CallParts {
  api: NormalizedCall['api'];
  provider: NormalizedCall['provider'];
  modelRequested: string | null;
  model: string | null;
  stream: boolean;
  /** usage as reported; null when the response carried none */
  usage: Usage | null;
  /** input figures were reported but output was not (stream cut after its start event) */
  outputMissing?: boolean;
  rawUsage: unknown;
  stopReason: string | null;
  outputText: string;
  toolCalls: ToolCall[];
  request: RequestSummary;
  requestText: string;
  error: CallError | null;
  complete: boolean;
  hints: ThreadHints;
}

/**
 * Assembles the normalized call. Where the provider reported no usage (a stream without include_usage, a cut-off
 * stream, an error event inside a 2xx stream) the tokens are counted with the tokenizer and the usage is marked
 * estimated; a non-2xx error response, or no response at all, was never billed and has no usage.
 */
export function finishCall(p: CallParts): NormalizedCall {
  let usage = p.usage;
  const outTokens = (): number =>
    countTokens(p.outputText, p.model) + p.toolCalls.reduce((n, t) => n + countTokens(`${t.name}${t.args}`, p.model), 0);
  if (usage && p.outputMissing) usage = { ...usage, output: outTokens(), estimated: true };
  // an error inside a 2xx stream came after the model started working (billed); a non-2xx answer or none was not
  const unbilled = p.error !== null && (p.error.status === null || p.error.status < 200 || p.error.status >= 300);
  if (!usage && !unbilled && p.hints.auxiliary !== 'token_count') {
    usage = {
      inputUncached: countTokens(p.requestText, p.model),
      cacheRead: 0,
      cacheWrite5m: 0,
      cacheWrite1h: 0,
      output: outTokens(),
      reasoning: 0,
      estimated: true,
    };
  }
  return {
    api: p.api,
    provider: p.provider,
    modelRequested: p.modelRequested,
    model: p.model ?? p.modelRequested,
    stream: p.stream,
    usage,
    rawUsage: p.rawUsage ?? null,
    stopReason: p.stopReason,
    outputText: cut(p.outputText, OUTPUT_TEXT_LIMIT),
    toolCalls: p.toolCalls,
    request: p.request,
    error: p.error,
    complete: p.complete,
    hints: p.hints,
  };
}

/** The error of a non-2xx response, from whatever error body the provider sent. */
export function httpError(status: number | null, body: unknown, rawText: string): CallError | null {
  if (status === null || (status >= 200 && status < 300)) return null;
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const e = typeof b['error'] === 'object' && b['error'] !== null ? (b['error'] as Record<string, unknown>) : b;
  const message = typeof e['message'] === 'string' ? e['message'] : rawText.slice(0, 300) || `HTTP ${status}`;
  const type =
    typeof e['type'] === 'string' ? e['type'] : typeof e['status'] === 'string' ? e['status'] : typeof e['code'] === 'string' ? e['code'] : null;
  return { status, type, message };
}
