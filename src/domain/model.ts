import { z } from 'zod';
import { CallErrorSchema, LoggedCostSchema, ProviderSchema, ResultShapeSchema } from './llm-call.js';
import { UsageSchema } from './usage.js';
import { ToolActionSchema } from './tool-action.js';

/**
 * A session rebuilt from its flat list of LLM calls: the agents (conversation threads), and the steps each took.
 * Built by src/compile/structure from stored calls, so a fix there is a recompile, not a re-record.
 */

export const AgentKindSchema = z.enum(['main', 'subagent']);

export const AgentSchema = z.object({
  /** stable within the session: `main`, then `a1`, `a2`, ... in order of first call */
  id: z.string(),
  kind: AgentKindSchema,
  /** sub-agent type or name, when the client or the spawning tool call says */
  label: z.string().nullable(),
  parentAgentId: z.string().nullable(),
  /** the tool step (in the parent) that spawned this agent, when found */
  spawnedByStepId: z.string().nullable(),
  /** how the parent link was found: a header/log field, or timing against a pending spawn-like tool call */
  linkEvidence: z.enum(['header', 'log', 'pending_spawn', 'prompt', 'none']),
});
export type Agent = z.infer<typeof AgentSchema>;

export const LlmRoleSchema = z.enum(['final_reply', 'plan_then_tool', 'tool_call', 'thinking_only', 'other']);
export type LlmRole = z.infer<typeof LlmRoleSchema>;

export const LlmStepSchema = z.object({
  kind: z.literal('llm'),
  /** `s1`, `s2`, ... in session order (LLM calls and tool uses share the numbering) */
  id: z.string(),
  agentId: z.string(),
  /** llm_calls.id */
  callId: z.number().int(),
  seq: z.number().int(),
  startedAt: z.number(),
  durationMs: z.number().nullable(),
  provider: ProviderSchema,
  /** NormalizedCall.providerId: the provider the log names, when it names one */
  providerId: z.string().nullable().optional(),
  /** NormalizedCall.loggedCost: the agent's own figure, used only where no price list has the call */
  loggedCost: LoggedCostSchema.nullable().optional(),
  model: z.string().nullable(),
  usage: UsageSchema.nullable(),
  role: LlmRoleSchema,
  /** a side call that is not a step of the agent loop (title, router, token count); why */
  auxiliary: z.string().nullable(),
  /** tool steps this call asked for */
  toolStepIds: z.array(z.string()),
  error: CallErrorSchema.nullable(),
  complete: z.boolean(),
  /** refused by a guardrail, never sent upstream */
  refused: z.boolean(),
  /** hash of the visible output text, for loop detection */
  outputHash: z.string().nullable(),
  outputChars: z.number().int(),
  /** messages in the request: a drop against earlier calls of the agent means the history was compacted */
  messageCount: z.number().int().nonnegative(),
  /** RequestSummary.headHash: changes when the system prompt or the first message changed (a prompt-cache break) */
  headHash: z.string().nullable(),
  /** RequestSummary.historyHash: changes when the conversation was compacted or restarted */
  historyHash: z.string().nullable(),
  /** RequestSummary.systemHash: the system prompt alone */
  systemHash: z.string().nullable().optional(),
  /** the tool list the request declared (names, hashed); null when unknown (imported logs) */
  toolsHash: z.string().nullable().optional(),
  /** RequestSummary.afterAbortedTurn */
  afterAbortedTurn: z.boolean().optional(),
  /** RequestSummary.thinking: the thinking setting the request asked for */
  thinking: z.string().nullable().optional(),
  /** reasoning tokens: usage.reasoning when the provider splits it, else the estimate from visible thinking text */
  thinkingTokens: z.number().int().nonnegative().optional(),
  stopReason: z.string().nullable().optional(),
});
export type LlmStep = z.infer<typeof LlmStepSchema>;

export const ToolStepSchema = z.object({
  kind: z.literal('tool'),
  id: z.string(),
  agentId: z.string(),
  toolCallId: z.string(),
  name: z.string(),
  /** arguments as JSON text (cut to 8 KB) */
  args: z.string(),
  /** the LLM step that asked for it */
  requestedBy: z.string(),
  /** the LLM step whose request carried the result back; null when the result never came back */
  resultIn: z.string().nullable(),
  startedAt: z.number(),
  /** time between the response that asked for it and the request that returned it */
  latencyMs: z.number().nullable(),
  resultTokens: z.number().int().nullable(),
  resultChars: z.number().int().nullable(),
  resultHash: z.string().nullable(),
  /** ToolResult.stableHash: the result without volatile parts (equal = the same result, run again) */
  resultStableHash: z.string().nullable().optional(),
  resultShape: ResultShapeSchema.nullable().optional(),
  /** what the call does (src/domain/tool-action.ts), from the full arguments where they were recorded */
  action: ToolActionSchema,
  resultPreview: z.string().nullable(),
  isError: z.boolean(),
  /** index of the message holding the result in the request of `resultIn` (for carried cost) */
  resultMessageIndex: z.number().int().nullable(),
  /** the sub-agent this call spawned, if any */
  spawnedAgentId: z.string().nullable(),
});
export type ToolStep = z.infer<typeof ToolStepSchema>;

export const StepSchema = z.discriminatedUnion('kind', [LlmStepSchema, ToolStepSchema]);
export type Step = z.infer<typeof StepSchema>;

export const SessionStructureSchema = z.object({
  agents: z.array(AgentSchema),
  /** all steps in session order */
  steps: z.array(StepSchema),
});
export type SessionStructure = z.infer<typeof SessionStructureSchema>;
