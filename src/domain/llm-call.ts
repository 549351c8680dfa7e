import { z } from 'zod';
import { ToolActionSchema } from './tool-action.js';
import { UsageSchema } from './usage.js';

/** Which wire protocol an exchange spoke. One parser module per value (src/capture/wire/). */
export const ApiKindSchema = z.enum([
  'anthropic-messages',
  'openai-chat',
  'openai-responses',
  'gemini-generate',
  'unknown',
]);
export type ApiKind = z.infer<typeof ApiKindSchema>;

/** Who was paid for the call: decides the price table and the token convention. */
export const ProviderSchema = z.enum(['anthropic', 'openai', 'google', 'other']);
export type Provider = z.infer<typeof ProviderSchema>;

/** A tool call the model emitted in its response. */
export const ToolCallSchema = z.object({
  /** provider id; for providers without ids (Gemini) `name#n`, n counting same-name calls in the turn */
  id: z.string(),
  name: z.string(),
  /** arguments as JSON text (or the raw text for free-form tools), cut to 8 KB */
  args: z.string(),
  /** what the call does, read from the full arguments before the cut (absent in calls parsed before parser 6) */
  action: ToolActionSchema.optional(),
});
export type ToolCall = z.infer<typeof ToolCallSchema>;

/** What a tool result looked like, read from its full text before it is cut to a preview. */
export const ResultShapeSchema = z.object({
  lines: z.number().int().nonnegative(),
  /** lines naming a dependency or build folder (node_modules, .venv, vendor, site-packages, target, .git, dist) */
  depLines: z.number().int().nonnegative(),
  /** it reads as binary data (replacement characters, control bytes) */
  binary: z.boolean(),
});
export type ResultShape = z.infer<typeof ResultShapeSchema>;

/** A tool result the client sent back in a request (only those after the last assistant message). */
export const ToolResultSchema = z.object({
  toolCallId: z.string(),
  name: z.string().nullable(),
  chars: z.number().int().nonnegative(),
  /** tokens of the result content (tokenizer estimate) */
  tokens: z.number().int().nonnegative(),
  isError: z.boolean(),
  /** sha256 (hex, first 16) of the result content: equal hashes = same result */
  contentHash: z.string(),
  /** the same of the content without its volatile parts (stableResultText): equal = the same result, run again */
  stableHash: z.string().optional(),
  /** first 200 characters, secrets masked later */
  preview: z.string(),
  /** index of the message holding this result in the request's message list */
  messageIndex: z.number().int().nonnegative(),
  /** the result's shape, read from its full text (resultShape) */
  shape: ResultShapeSchema.optional(),
});
export type ToolResult = z.infer<typeof ToolResultSchema>;

/** What the request said about the conversation, compactly (no full history is kept in the model). */
export const RequestSummarySchema = z.object({
  messageCount: z.number().int().nonnegative(),
  /** hash of the system prompt (or instructions), null when none */
  systemHash: z.string().nullable(),
  /** hash of the system prompt + first message as sent: a change breaks the provider's prompt cache */
  headHash: z.string().nullable(),
  /**
   * hash of the first message's role and text: the identity of the history until it is compacted, whatever the
   * system prompt does (absent in calls parsed before parser 5: the head stands in)
   */
  historyHash: z.string().nullable().optional(),
  /** the last assistant message in the request history: what the previous response of this thread said */
  lastAssistant: z
    .object({ textHash: z.string().nullable(), toolCallIds: z.array(z.string()) })
    .nullable(),
  toolResults: z.array(ToolResultSchema),
  /** names of the tools the request declared; empty for tool-less side calls */
  toolsDeclared: z.array(z.string()),
  inputChars: z.number().int().nonnegative(),
  /** a turn the user aborted (and that left nothing in the log) came right before this request */
  afterAbortedTurn: z.boolean().optional(),
  /** the thinking / reasoning setting the request asked for (a budget, an effort, a level), when known */
  thinking: z.string().nullable().optional(),
  firstUserText: z.string().nullable(),
  lastUserText: z.string().nullable(),
});
export type RequestSummary = z.infer<typeof RequestSummarySchema>;

export const CallErrorSchema = z.object({
  status: z.number().int().nullable(),
  type: z.string().nullable(),
  message: z.string(),
});
export type CallError = z.infer<typeof CallErrorSchema>;

/**
 * Strong structure signals, taken from headers (recorder) or from the log layout (importers).
 * The structure builder trusts these over conversation lineage.
 */
export const ThreadHintsSchema = z.object({
  /** the client's own session / conversation id */
  sessionKey: z.string().optional(),
  /** an id naming this agent thread (sub-agent id, thread id) */
  threadId: z.string().optional(),
  /** the parent thread, when this thread is a sub-agent */
  parentThreadId: z.string().optional(),
  /** the tool call in the parent that spawned this thread, when known */
  parentToolCallId: z.string().optional(),
  /** a label for the sub-agent (its type or name) */
  agentLabel: z.string().optional(),
  /** the client says this is not an agent step (title generation, token counting, ...) */
  auxiliary: z.string().optional(),
});
export type ThreadHints = z.infer<typeof ThreadHintsSchema>;

/** What the agent itself logged as the call's cost (OpenClaw's `usage.cost`): kept for audits and as a last resort. */
export const LoggedCostSchema = z.object({
  total: z.number(),
  input: z.number().optional(),
  output: z.number().optional(),
  cacheRead: z.number().optional(),
  cacheWrite: z.number().optional(),
});
export type LoggedCost = z.infer<typeof LoggedCostSchema>;

/** One LLM call, normalized from a raw exchange by a wire parser or from an agent log by an importer. */
export const NormalizedCallSchema = z.object({
  api: ApiKindSchema,
  provider: ProviderSchema,
  /**
   * the provider the log names for this call, as the agent spells it (zai, ollama, openai-codex, ...): it is priced on
   * that provider's list only. Absent when nothing names it (the wire family decides, see PriceQuery)
   */
  providerId: z.string().nullable().optional(),
  /** the agent's own cost figure for the call, when its log has one */
  loggedCost: LoggedCostSchema.nullable().optional(),
  modelRequested: z.string().nullable(),
  /** the model that answered (response field), else the requested one */
  model: z.string().nullable(),
  stream: z.boolean(),
  usage: UsageSchema.nullable(),
  /** the provider's own usage object(s), kept verbatim for audits */
  rawUsage: z.unknown(),
  stopReason: z.string().nullable(),
  /** visible text output, cut to 16 KB */
  outputText: z.string(),
  toolCalls: z.array(ToolCallSchema),
  /**
   * tokens of the response's visible thinking text (a tokenizer's estimate), for providers whose usage does not
   * split reasoning out of output (Anthropic); absent when there was none or usage.reasoning says it
   */
  thinkingTokens: z.number().int().nonnegative().optional(),
  request: RequestSummarySchema,
  error: CallErrorSchema.nullable(),
  /** false when the response was cut off (stream ended early, connection reset) */
  complete: z.boolean(),
  hints: ThreadHintsSchema,
});
export type NormalizedCall = z.infer<typeof NormalizedCallSchema>;

/** An LLM call as stored: the normalized call plus where and when it happened. */
export const LlmCallRecordSchema = z.object({
  id: z.number().int(),
  sessionId: z.string(),
  /** order within the session */
  seq: z.number().int(),
  /** the raw exchange it was parsed from; null for imported calls */
  exchangeId: z.number().int().nullable(),
  startedAt: z.number(),
  firstByteAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  call: NormalizedCallSchema,
});
export type LlmCallRecord = z.infer<typeof LlmCallRecordSchema>;
