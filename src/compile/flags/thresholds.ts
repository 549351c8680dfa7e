/** Every flag threshold in one place. Chosen to prefer missing a case over flagging a false one. */
export const THRESHOLDS = {
  /** duplicate_tool_call / paper clusters: normalized Levenshtein similarity of arguments (the paper's value) */
  duplicateSimilarity: 0.8,
  /** duplicate_tool_call: how many earlier calls of the same tool each call is compared with (keeps it near-linear) */
  duplicateWindow: 20,
  /** similarity compares this many leading characters of the arguments (enough to tell calls apart, bounded cost) */
  similarityChars: 500,
  /** tool_loop: identical calls in a row (or repetitions of a short cycle) that make a loop */
  loopRepeats: 3,
  /** tool_loop: the longest cycle of calls looked for (A,B,A,B,A,B is a cycle of 2) */
  loopMaxCycle: 3,
  /** error_retry: a retry is the same tool with arguments at least this similar (a corrected call changes some) */
  retrySimilarity: 0.5,
  /** error_retry: how many of the agent's next tool calls may hold the retry */
  retryWindow: 3,
  /** cache_miss: prompts smaller than this are not worth caching (providers' own minimums are 1024-4096) */
  cacheMissMinInputTokens: 4096,
  /** cache_miss: a prefix older than the provider's shortest cache lifetime (5 min) may have expired: no flag */
  cacheMissMaxGapMs: 5 * 60 * 1000,
  /** cache_miss: when no cache read of the thread shows the read rate, assume this share of the input rate — the
   * highest common one (OpenAI gpt-4o-era caching), so the waste is never overstated */
  cacheMissAssumedReadShare: 0.5,
  /** context_bloat: a result this large (tokens) ... */
  contextBloatMinTokens: 4000,
  /** ... carried through at least this many calls (the one that received it included) */
  contextBloatMinCarries: 5,
  /** unused_subagent: share of the sub-agent's answer words found in what its parent did next */
  unusedSubagentMaxOverlap: 0.1,
  /** unused_subagent: answers with fewer distinctive words than this are too small to judge */
  unusedSubagentMinWords: 5,
  /** unused_subagent: how many of the parent's turns after the answer are read */
  unusedSubagentNextTurns: 3,
  /** thinking_heavy: reasoning share of output tokens, minimum reasoning tokens, and what counts as short output */
  thinkingHeavyShare: 0.8,
  thinkingHeavyMinTokens: 1000,
  thinkingHeavyMaxVisibleChars: 400,
  /** thinking_heavy: reasoning beyond this multiple of the visible output is counted as waste */
  thinkingHeavyAllowedRatio: 4,
  /** exploration_burn: share of session cost spent before the first write, and the least cost worth a flag */
  explorationBurnShare: 0.6,
  explorationBurnMinUsd: 0.05,
  /** paper block: how many open clusters per tool are compared with (keeps clustering near-linear) */
  paperClusterWindow: 20,
} as const;
