import { z } from 'zod';

/** Token counts Gemini CLI records per model message (the API's usageMetadata, renamed). */
export const GeminiTokensSchema = z.looseObject({
  input: z.number().optional(),
  output: z.number().optional(),
  cached: z.number().optional(),
  thoughts: z.number().optional(),
  tool: z.number().optional(),
  total: z.number().optional(),
});

export const GeminiToolCallSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string(),
  args: z.unknown().optional(),
  result: z.unknown().optional(),
  status: z.string().optional(),
});

/** A message record: `type` 'user' | 'gemini' | 'info' | 'error' | 'warning'. */
export const GeminiMessageSchema = z.looseObject({
  id: z.string(),
  timestamp: z.string().optional(),
  type: z.string(),
  content: z.unknown().optional(),
  tokens: GeminiTokensSchema.nullable().optional(),
  model: z.string().optional(),
  toolCalls: z.array(z.unknown()).optional(),
});
export type GeminiMessage = z.infer<typeof GeminiMessageSchema>;

/** Session metadata: the whole legacy JSON document, or the first line of the JSONL form. */
export const GeminiMetaSchema = z.looseObject({
  sessionId: z.string(),
  projectHash: z.string().optional(),
  startTime: z.string().optional(),
  lastUpdated: z.string().optional(),
  kind: z.string().optional(),
  messages: z.array(z.unknown()).optional(),
});
