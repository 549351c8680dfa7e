import type { ToolCall, ToolResult } from '../../../src/domain/llm-call.js';

/** Tool calls as the wire sent them: the action clawtrace reads from them is checked in its own tests. */
export const bareCalls = (xs: readonly ToolCall[]): Omit<ToolCall, 'action'>[] => xs.map(({ id, name, args }) => ({ id, name, args }));

/** Tool results without the facts clawtrace derives from them (stable hash, shape), checked in their own tests. */
export const bareResults = (xs: readonly ToolResult[]): Omit<ToolResult, 'stableHash' | 'shape'>[] =>
  xs.map((r) => ({ toolCallId: r.toolCallId, name: r.name, chars: r.chars, tokens: r.tokens, isError: r.isError, contentHash: r.contentHash, preview: r.preview, messageIndex: r.messageIndex }));
