import type { CallError, NormalizedCall, RequestSummary, ThreadHints, ToolCall, ToolResult } from '../../domain/llm-call.js';
import type { Usage } from '../../domain/usage.js';
import { canonicalJson, shortHash } from '../../util/hash.js';
import { countTokens } from '../../util/tokens.js';

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

export function cut(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) : s;
}

export function toolCall(id: string, name: string, args: string): ToolCall {
  return { id, name, args: cut(args, ARGS_LIMIT) };
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
        isError: r.isError,
        contentHash: shortHash(r.text),
        preview: r.text.slice(0, 200),
        messageIndex: i,
      });
    }
  }
  const userTexts = messages.filter((m) => m.role === 'user' && m.text.trim() !== '');
  const systemPresent = system !== null && system !== undefined && system !== '';
  return {
    messageCount: messages.length,
    systemHash: systemPresent ? shortHash(canonicalJson(system)) : null,
    headHash: messages.length > 0 || systemPresent ? shortHash(canonicalJson([system ?? null, messages[0]?.raw ?? null])) : null,
    lastAssistant: last
      ? { textHash: last.text.trim() ? shortHash(last.text.trim()) : null, toolCallIds: last.toolCallIds }
      : null,
    toolResults,
    toolsDeclared,
    inputChars,
    firstUserText: userTexts[0] ? cut(userTexts[0].text, USER_TEXT_LIMIT) : null,
    lastUserText: userTexts.length > 0 ? cut(userTexts[userTexts.length - 1]?.text ?? '', USER_TEXT_LIMIT) : null,
  };
}

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
 * stream) the tokens are counted with the tokenizer and the usage is marked estimated; an error response that was
 * never billed has no usage at all.
 */
export function finishCall(p: CallParts): NormalizedCall {
  let usage = p.usage;
  const outTokens = (): number =>
    countTokens(p.outputText, p.model) + p.toolCalls.reduce((n, t) => n + countTokens(`${t.name}${t.args}`, p.model), 0);
  if (usage && p.outputMissing) usage = { ...usage, output: outTokens(), estimated: true };
  if (!usage && !p.error && p.hints.auxiliary !== 'token_count') {
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
