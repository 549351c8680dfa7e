import type { ApiKind, CallError, LoggedCost, NormalizedCall, Provider, RequestSummary, ThreadHints, ToolCall } from '../../domain/llm-call.js';
import type { Usage } from '../../domain/usage.js';
import { describeToolCall } from '../../domain/tool-action.js';

const OUTPUT_TEXT_LIMIT = 16 * 1024;
const ARGS_LIMIT = 8 * 1024;

/** Which API and provider served a model, from its family name (logs rarely say; the model id does). */
export function apiOfModel(model: string | null, fallback: { api: ApiKind; provider: Provider }): { api: ApiKind; provider: Provider } {
  const m = (model ?? '').toLowerCase().replace(/^[a-z-]+\//, '');
  if (m.startsWith('claude')) return { api: 'anthropic-messages', provider: 'anthropic' };
  if (m.startsWith('gemini')) return { api: 'gemini-generate', provider: 'google' };
  if (/^(gpt|o\d|codex|chatgpt)/.test(m)) return { api: 'openai-responses', provider: 'openai' };
  return fallback;
}

/** A tool call as the domain keeps it: arguments as JSON text, cut to 8 KB. */
export function makeToolCall(id: string, name: string, args: unknown): ToolCall {
  const text = typeof args === 'string' ? args : JSON.stringify(args ?? {});
  return { id, name, args: text.length > ARGS_LIMIT ? text.slice(0, ARGS_LIMIT) : text, action: describeToolCall(name, text) };
}

export interface ImportedCallParts {
  api: ApiKind;
  provider: Provider;
  /** the provider the log names, when it names one */
  providerId?: string | null;
  loggedCost?: LoggedCost | null;
  model: string | null;
  usage: Usage | null;
  rawUsage: unknown;
  stopReason: string | null;
  outputText: string;
  toolCalls: ToolCall[];
  request: RequestSummary;
  error: CallError | null;
  hints: ThreadHints;
  complete?: boolean;
  thinkingTokens?: number;
}

/** Assembles a NormalizedCall from what a log told about one API response (logs record responses, not streams). */
export function makeImportedCall(p: ImportedCallParts): NormalizedCall {
  return {
    api: p.api,
    provider: p.provider,
    providerId: p.providerId ?? null,
    loggedCost: p.loggedCost ?? null,
    modelRequested: p.model,
    model: p.model,
    stream: true,
    usage: p.usage,
    rawUsage: p.rawUsage ?? null,
    stopReason: p.stopReason,
    outputText: p.outputText.length > OUTPUT_TEXT_LIMIT ? p.outputText.slice(0, OUTPUT_TEXT_LIMIT) : p.outputText,
    toolCalls: p.toolCalls,
    ...(p.thinkingTokens ? { thinkingTokens: p.thinkingTokens } : {}),
    request: p.request,
    error: p.error,
    complete: p.complete ?? true,
    hints: p.hints,
  };
}

/** Text of a content value that may be a string, a list of blocks with `text`, or nested tool-result content. */
export function contentText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (!Array.isArray(v)) return '';
  const parts: string[] = [];
  for (const b of v) {
    if (typeof b === 'string') parts.push(b);
    else if (typeof b === 'object' && b !== null) {
      const o = b as Record<string, unknown>;
      if (typeof o['text'] === 'string') parts.push(o['text']);
      else if (o['content'] !== undefined) parts.push(contentText(o['content']));
    }
  }
  return parts.join('\n');
}
