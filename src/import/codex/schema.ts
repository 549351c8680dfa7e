import { z } from 'zod';

/** A rollout line (Codex 0.44+): `{timestamp, type, payload}`. Lenient: unknown types and fields pass. */
export const CodexLineSchema = z.looseObject({
  timestamp: z.string().optional(),
  type: z.string(),
  payload: z.unknown().optional(),
});

export const CodexSessionMetaSchema = z.looseObject({
  id: z.string(),
  timestamp: z.string().optional(),
  cwd: z.string().optional(),
  cli_version: z.string().optional(),
  model_provider: z.string().optional(),
  forked_from_id: z.string().nullable().optional(),
  source: z.unknown().optional(),
  agent_nickname: z.string().nullable().optional(),
  agent_role: z.string().nullable().optional(),
  /** multi-agent v2: the task path of a sub-agent (`/root/helper`), which its spawn call answers with */
  agent_path: z.string().nullable().optional(),
  git: z.looseObject({ branch: z.string().optional(), commit_hash: z.string().optional() }).nullable().optional(),
});
export type CodexSessionMeta = z.infer<typeof CodexSessionMetaSchema>;

export const CodexTurnContextSchema = z.looseObject({
  model: z.string().optional(),
  /** reasoning effort (low, medium, high, ...) */
  effort: z.string().nullable().optional(),
  turn_id: z.string().optional(),
});

/** A response item: message, function_call(_output), custom_tool_call(_output), reasoning, local_shell_call, ... */
export const CodexItemSchema = z.looseObject({
  type: z.string(),
  role: z.string().optional(),
  content: z.unknown().optional(),
  name: z.string().optional(),
  /** a call into a namespace tool (multi_agent_v2 `collaboration`) names it apart */
  namespace: z.string().optional(),
  arguments: z.string().optional(),
  input: z.unknown().optional(),
  action: z.unknown().optional(),
  call_id: z.string().optional(),
  output: z.unknown().optional(),
});
export type CodexItem = z.infer<typeof CodexItemSchema>;

/** Token figures as Codex reports them: input INCLUDES cached input; output INCLUDES reasoning. */
export const CodexTokensSchema = z.looseObject({
  input_tokens: z.number().optional(),
  cached_input_tokens: z.number().optional(),
  output_tokens: z.number().optional(),
  reasoning_output_tokens: z.number().optional(),
  total_tokens: z.number().optional(),
});
export type CodexTokens = z.infer<typeof CodexTokensSchema>;

export const CodexEventSchema = z.looseObject({
  type: z.string(),
  info: z
    .looseObject({ total_token_usage: CodexTokensSchema.optional(), last_token_usage: CodexTokensSchema.nullable().optional() })
    .nullable()
    .optional(),
  call_id: z.string().optional(),
  exit_code: z.number().optional(),
});

export const CODEX_ITEM_TYPES = new Set([
  'message',
  'reasoning',
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
  'local_shell_call',
  'web_search_call',
]);
