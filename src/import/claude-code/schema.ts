import { z } from 'zod';

/** Anthropic usage as Claude Code copies it into each transcript line (Messages API semantics). */
export const CcUsageSchema = z.looseObject({
  input_tokens: z.number().optional(),
  output_tokens: z.number().optional(),
  cache_creation_input_tokens: z.number().optional(),
  cache_read_input_tokens: z.number().optional(),
});

/** A content block; unknown block types pass (and are ignored by the parser). */
export const CcBlockSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  id: z.string().optional(),
  name: z.string().optional(),
  input: z.unknown().optional(),
  tool_use_id: z.string().optional(),
  content: z.unknown().optional(),
  is_error: z.boolean().optional(),
});
export type CcBlock = z.infer<typeof CcBlockSchema>;

export const CcMessageSchema = z.looseObject({
  id: z.string().optional(),
  role: z.string().optional(),
  model: z.string().optional(),
  content: z.unknown().optional(),
  usage: CcUsageSchema.nullable().optional(),
  stop_reason: z.string().nullable().optional(),
});

/**
 * One transcript line. Lenient on purpose: only `type` is required; every other field is optional and extra
 * fields pass through, so new Claude Code versions do not break the import.
 */
export const CcLineSchema = z.looseObject({
  type: z.string(),
  uuid: z.string().optional(),
  parentUuid: z.string().nullable().optional(),
  sessionId: z.string().optional(),
  agentId: z.string().optional(),
  isSidechain: z.boolean().optional(),
  timestamp: z.string().optional(),
  requestId: z.string().optional(),
  version: z.string().optional(),
  cwd: z.string().optional(),
  gitBranch: z.string().optional(),
  message: CcMessageSchema.optional(),
  isApiErrorMessage: z.boolean().optional(),
  isCompactSummary: z.boolean().optional(),
  toolUseResult: z.unknown().optional(),
  parentToolUseID: z.string().nullable().optional(),
  data: z.unknown().optional(),
});
export type CcLine = z.infer<typeof CcLineSchema>;

/** `agent-<id>.meta.json` beside a sub-agent transcript (Claude Code 2.1+). */
export const CcAgentMetaSchema = z.looseObject({
  agentType: z.string().optional(),
  description: z.string().optional(),
  toolUseId: z.string().optional(),
  model: z.string().optional(),
});

/** The `data` of a `progress` line that mirrors a sub-agent's messages into the parent transcript. */
export const CcAgentProgressSchema = z.looseObject({
  type: z.literal('agent_progress'),
  agentId: z.string().optional(),
  message: z.unknown().optional(),
});

/** Line types that carry no LLM call and are not errors. */
export const CC_IGNORED_TYPES = new Set([
  'system',
  'summary',
  'file-history-snapshot',
  'queue-operation',
  'custom-title',
  'tag',
  'last-prompt',
  'attachment',
  'pr-link',
  'turn_end',
]);
