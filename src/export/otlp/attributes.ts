import {
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
  GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC,
  GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI,
  GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
} from '@opentelemetry/semantic-conventions/incubating';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import type { Provider } from '../../domain/llm-call.js';
import type { Usage } from '../../domain/usage.js';

/**
 * Span attribute names: the OpenTelemetry GenAI semantic conventions (from @opentelemetry/semantic-conventions, its
 * incubating entry point) for what they define, and a `clawtrace.` namespace for what only clawtrace knows: USD
 * cost, carried cost, unpriced and estimated calls, flags and the dollars they say were wasted.
 */
export const GENAI = {
  operation: ATTR_GEN_AI_OPERATION_NAME,
  provider: ATTR_GEN_AI_PROVIDER_NAME,
  requestModel: ATTR_GEN_AI_REQUEST_MODEL,
  responseModel: ATTR_GEN_AI_RESPONSE_MODEL,
  inputTokens: ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  outputTokens: ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  cacheReadTokens: ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  cacheCreationTokens: ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  reasoningTokens: ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  finishReasons: ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  conversationId: ATTR_GEN_AI_CONVERSATION_ID,
  agentId: ATTR_GEN_AI_AGENT_ID,
  agentName: ATTR_GEN_AI_AGENT_NAME,
  toolName: ATTR_GEN_AI_TOOL_NAME,
  toolCallId: ATTR_GEN_AI_TOOL_CALL_ID,
  toolType: ATTR_GEN_AI_TOOL_TYPE,
  toolArguments: ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  toolResult: ATTR_GEN_AI_TOOL_CALL_RESULT,
  inputMessages: ATTR_GEN_AI_INPUT_MESSAGES,
  outputMessages: ATTR_GEN_AI_OUTPUT_MESSAGES,
  errorType: ATTR_ERROR_TYPE,
} as const;

export const OPERATION = {
  invokeAgent: GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
  chat: GEN_AI_OPERATION_NAME_VALUE_CHAT,
  executeTool: GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
} as const;

export const CLAWTRACE = {
  sessionId: 'clawtrace.session.id',
  sessionLabel: 'clawtrace.session.label',
  outcome: 'clawtrace.session.outcome',
  stepId: 'clawtrace.step.id',
  costUsd: 'clawtrace.cost.usd',
  unpriced: 'clawtrace.cost.unpriced',
  unpricedCalls: 'clawtrace.cost.unpriced_calls',
  estimated: 'clawtrace.usage.estimated',
  estimatedCalls: 'clawtrace.usage.estimated_calls',
  carriedUsd: 'clawtrace.cost.carried_usd',
  subagentUsd: 'clawtrace.cost.subagent_usd',
  auxiliary: 'clawtrace.auxiliary',
  inputUncached: 'clawtrace.usage.input_uncached_tokens',
  flags: 'clawtrace.flags',
  flagsCount: 'clawtrace.flags.count',
  flagsWastedUsd: 'clawtrace.flags.wasted_usd',
} as const;

/** gen_ai.provider.name for the providers clawtrace tells apart. */
export function providerName(p: Provider): string {
  switch (p) {
    case 'anthropic':
      return GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC;
    case 'openai':
      return GEN_AI_PROVIDER_NAME_VALUE_OPENAI;
    case 'google':
      return GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI;
    case 'other':
      return 'other';
  }
}

/** The usage attributes of a chat span: input tokens include cached ones, output tokens include reasoning. */
export function usageAttributes(u: Usage): Record<string, number> {
  return {
    [GENAI.inputTokens]: u.inputUncached + u.cacheRead + u.cacheWrite5m + u.cacheWrite1h,
    [GENAI.outputTokens]: u.output,
    [GENAI.cacheReadTokens]: u.cacheRead,
    [GENAI.cacheCreationTokens]: u.cacheWrite5m + u.cacheWrite1h,
    [GENAI.reasoningTokens]: u.reasoning,
    [CLAWTRACE.inputUncached]: u.inputUncached,
  };
}
