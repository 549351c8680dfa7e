import type { NormalizedCall } from '../../domain/llm-call.js';
import type { LlmRole } from '../../domain/model.js';

/** The paper's role hint for one LLM turn, from what it produced. */
export function llmRole(call: NormalizedCall): LlmRole {
  const hasText = call.outputText.trim().length > 0;
  const hasTools = call.toolCalls.length > 0;
  if (hasTools) return hasText ? 'plan_then_tool' : 'tool_call';
  if (hasText) return 'final_reply';
  if ((call.usage?.reasoning ?? 0) > 0) return 'thinking_only';
  return 'other';
}
