import type { InputSplit } from './usage-sim.js';
import { newId, tokensOf } from './usage-sim.js';
import type { Reply } from './turn.js';

/** A reply made concrete: ids assigned, tokens counted. Each format writes it in its own wire shape. */
export interface Plan {
  model: string;
  text: string;
  toolCalls: { id: string; name: string; argsJson: string }[];
  input: InputSplit;
  outputTokens: number;
  reasoningTokens: number;
  /** stream: include a usage chunk (OpenAI chat only sends one when asked) */
  includeUsage: boolean;
}

export function makePlan(reply: Reply, model: string, input: InputSplit, idPrefix: string, includeUsage: boolean): Plan {
  const toolCalls = (reply.toolCalls ?? []).map((t) => ({ id: newId(idPrefix), name: t.name, argsJson: JSON.stringify(t.args) }));
  const text = reply.text ?? '';
  const visible = tokensOf(text.length) + toolCalls.reduce((n, t) => n + tokensOf(t.name.length + t.argsJson.length), 0);
  const reasoningTokens = reply.reasoningTokens ?? (/^(o\d|gpt-5)/.test(model) ? 64 : 0);
  return { model, text, toolCalls, input, outputTokens: Math.max(1, visible) + reasoningTokens, reasoningTokens, includeUsage };
}

/** Splits text into stream deltas, as real streams do (a huge text into at most about 256 deltas of 16 KB+). */
export function deltas(text: string, minSize = 12): string[] {
  const size = text.length > 64 * 1024 ? Math.max(16 * 1024, Math.ceil(text.length / 256)) : minSize;
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
