import type { ThreadHints } from '../../domain/llm-call.js';

/**
 * Structure signals real clients put in their request headers (lower-case keys), observed per agent:
 * - Claude Code: `x-claude-code-session-id` on every call; in-process sub-agents add `x-claude-code-agent-id`.
 * - Codex: `session-id` (or `session_id`) and `thread-id`; sub-agents add `x-codex-parent-thread-id` and name their
 *   kind in `x-openai-subagent`.
 * - opencode: `x-session-id` per conversation; sub-agent sessions add `x-parent-session-id`.
 */
export function hintsFromHeaders(h: Record<string, string>): ThreadHints {
  const hints: ThreadHints = {};
  const set = (key: keyof ThreadHints, value: string | undefined): void => {
    if (value) hints[key] = value;
  };
  set('sessionKey', h['x-claude-code-session-id'] ?? h['session-id'] ?? h['session_id']);
  set('threadId', h['x-claude-code-agent-id'] ?? h['thread-id'] ?? h['x-session-id']);
  set('parentThreadId', h['x-codex-parent-thread-id'] ?? h['x-parent-session-id']);
  set('agentLabel', h['x-openai-subagent']);
  return hints;
}
