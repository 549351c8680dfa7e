import { z } from 'zod';

/** Session header, first line: `{type:'session', version: 3, id, timestamp, cwd}` (older files: no version). */
export const OcHeaderSchema = z.looseObject({
  type: z.literal('session'),
  id: z.string(),
  version: z.number().optional(),
  timestamp: z.string().optional(),
  cwd: z.string().optional(),
});

/** OpenClaw usage: `input` EXCLUDES cacheRead/cacheWrite; `cost` is the client's own estimate (kept, not used). */
export const OcUsageSchema = z.looseObject({
  input: z.number().optional(),
  output: z.number().optional(),
  cacheRead: z.number().optional(),
  cacheWrite: z.number().optional(),
  totalTokens: z.number().optional(),
  cost: z.unknown().optional(),
});
export type OcUsage = z.infer<typeof OcUsageSchema>;

export const OcMessageSchema = z.looseObject({
  role: z.string(),
  content: z.unknown().optional(),
  api: z.string().optional(),
  provider: z.string().optional(),
  model: z.string().optional(),
  usage: OcUsageSchema.nullable().optional(),
  stopReason: z.string().nullable().optional(),
  errorMessage: z.string().optional(),
  toolCallId: z.string().optional(),
  toolName: z.string().optional(),
  isError: z.boolean().optional(),
  details: z.unknown().optional(),
  customType: z.string().optional(),
  timestamp: z.union([z.number(), z.string()]).optional(),
});
export type OcMessage = z.infer<typeof OcMessageSchema>;

/**
 * A `custom` message OpenClaw writes for a tool run through its search bridge (`tool_call {id, args}`): which bridge
 * call it was (`parentToolCallId`), the tool it ran and its result (a `sessions_spawn` result names the child).
 */
export const OcNestedToolSchema = z.looseObject({
  parentToolCallId: z.string(),
  toolName: z.string(),
  input: z.unknown().optional(),
  result: z.looseObject({ content: z.unknown().optional(), details: z.unknown().optional() }).optional(),
});
export const OC_NESTED_TOOL = 'openclaw.nested-tool.v1';

/** An entry line: `{type, id, parentId, timestamp, ...}`; messages carry `message`. */
export const OcEntrySchema = z.looseObject({
  type: z.string(),
  id: z.string().optional(),
  timestamp: z.string().optional(),
  message: z.unknown().optional(),
  summary: z.string().optional(),
});

/** A `toolCall` content block of an assistant message. */
export const OcToolCallSchema = z.looseObject({
  type: z.literal('toolCall'),
  id: z.string(),
  name: z.string(),
  arguments: z.unknown().optional(),
});

/** `sessions.json`: session key → entry; children name their parent's key in `spawnedBy`. */
export const OcSessionsIndexSchema = z.record(
  z.string(),
  z.looseObject({ sessionId: z.string().optional(), sessionFile: z.string().optional(), spawnedBy: z.string().optional(), label: z.string().optional() }),
);

export const OC_IGNORED_TYPES = new Set(['model_change', 'thinking_level_change', 'custom', 'label', 'session_info', 'branch_summary', 'custom_message']);
