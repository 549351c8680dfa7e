import type { Flag } from '../card/schema.js';
import type { Detector, FlagContext } from './context.js';
import { cacheMiss } from './cache-miss.js';
import { contextBloat } from './context-bloat.js';
import { duplicateToolCall } from './duplicate-tool-call.js';
import { errorRetry } from './error-retry.js';
import { explorationBurn } from './exploration-burn.js';
import { rereadUnchanged } from './reread-unchanged.js';
import { thinkingHeavy } from './thinking-heavy.js';
import { toolLoop } from './tool-loop.js';
import { unusedSubagent } from './unused-subagent.js';

/** Detectors in priority order: a tool step already flagged as waste by an earlier one is not flagged again. */
export const DETECTORS: readonly [string, Detector][] = [
  ['tool_loop', toolLoop],
  ['reread_unchanged', rereadUnchanged],
  ['duplicate_tool_call', duplicateToolCall],
  ['error_retry', errorRetry],
  ['cache_miss', cacheMiss],
  ['context_bloat', contextBloat],
  ['unused_subagent', unusedSubagent],
  ['thinking_heavy', thinkingHeavy],
  ['exploration_burn', explorationBurn],
];

const WASTE_KINDS = new Set(['tool_loop', 'reread_unchanged', 'duplicate_tool_call']);

export function detectFlags(ctx: FlagContext): Flag[] {
  const out: Flag[] = [];
  const wasted = new Set<string>();
  for (const [, detect] of DETECTORS) {
    for (const f of detect(ctx)) {
      const waste = WASTE_KINDS.has(f.kind) ? f.steps.slice(1) : [];
      if (waste.some((id) => wasted.has(id))) continue;
      for (const id of waste) wasted.add(id);
      out.push(f);
    }
  }
  return out;
}
