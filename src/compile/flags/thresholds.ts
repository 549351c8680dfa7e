/** Every flag threshold in one place. Chosen to prefer missing a case over flagging a false one. */
export const THRESHOLDS = {
  /** duplicate_tool_call: normalized Levenshtein similarity of arguments (the paper's value) */
  duplicateSimilarity: 0.8,
  /** duplicate_tool_call: how many earlier calls of the same tool each call is compared with */
  duplicateWindow: 50,
  /** tool_loop: identical calls in a row that make a loop */
  loopRepeats: 3,
  /** cache_miss: prompts smaller than this are not worth caching (providers' own minimums are 1024-4096) */
  cacheMissMinInputTokens: 4096,
  /** context_bloat: a result this large (tokens) ... */
  contextBloatMinTokens: 4000,
  /** ... carried through at least this many later calls */
  contextBloatMinCarries: 5,
  /** unused_subagent: share of the sub-agent's answer words found in what its parent did next */
  unusedSubagentMaxOverlap: 0.1,
  /** unused_subagent: answers shorter than this many distinct words are too small to judge */
  unusedSubagentMinWords: 5,
  /** thinking_heavy: reasoning share of output tokens, minimum reasoning tokens, and what counts as short output */
  thinkingHeavyShare: 0.8,
  thinkingHeavyMinTokens: 1000,
  thinkingHeavyMaxVisibleChars: 400,
  /** thinking_heavy: reasoning beyond this multiple of the visible output is counted as waste */
  thinkingHeavyAllowedRatio: 4,
  /** exploration_burn: share of session cost spent before the first write, and the least cost worth a flag */
  explorationBurnShare: 0.6,
  explorationBurnMinUsd: 0.05,
} as const;
