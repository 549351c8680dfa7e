/** Every flag threshold in one place. Chosen to prefer missing a case over flagging a false one. */
export const THRESHOLDS = {
  /** a flag worth less than this (after claims are settled) is noise and is dropped */
  minWastedUsd: 0.001,
  /** duplicate_tool_call: how many of the agent's earlier calls each call is compared with */
  duplicateWindow: 20,
  /** tool_loop: identical calls in a row that make a loop, and rounds of a cycle of 2-3 calls */
  loopRepeats: 3,
  /** tool_loop: the longest cycle looked for (start → poll → error → kill → start again is a cycle of 4) */
  loopMaxCycle: 6,
  /** tool_loop: rounds of a cycle longer than 3 calls that make a loop */
  longLoopRepeats: 2,
  /** error_retry: how many of the agent's next tool calls may hold the unchanged retry */
  retryWindow: 3,
  /** paper block: arguments at least this similar (normalized Levenshtein) are "redundant" (the paper's value) */
  duplicateSimilarity: 0.8,
  /** similarity compares this many leading characters of the arguments (enough to tell calls apart, bounded cost) */
  similarityChars: 500,
  /** paper block: how many open clusters per tool are compared with (keeps clustering near-linear) */
  paperClusterWindow: 20,
  /** paper block: arguments at least this similar count a later call as the repair of a failed one */
  retrySimilarity: 0.5,
  /** cache flags: prompts smaller than this are not worth caching (providers' own minimums are 1024-4096) */
  cacheMinInputTokens: 4096,
  /** cache flags: the provider's shortest cache lifetime (Anthropic's default 5 minutes; 1 hour for 1h writes) */
  cacheLifetimeMs: 5 * 60 * 1000,
  cacheLifetime1hMs: 60 * 60 * 1000,
  /** cache flags: a call that read at most this share of the prefix it continues missed the cache */
  cacheMissReadShare: 0.5,
  /** cache flags: a prompt below this share of the previous one was pruned, not missed */
  cachePrunedShare: 0.98,
  /** cache flags: when no cache read of the thread shows the read rate, assume this share of the input rate — the
   * highest common one (OpenAI gpt-4o-era caching), so the waste is never overstated */
  cacheAssumedReadShare: 0.5,
  /** oversized_output: a result this large (tokens) is looked at ... */
  oversizedMinTokens: 8000,
  /** ... and a listing or search this large is oversized whatever it holds */
  oversizedListingTokens: 20000,
  /** ... a share of its lines in dependency folders that says the listing went through them */
  oversizedDepShare: 0.3,
  /** ... and what a useful result of that call would have kept (tokens) */
  oversizedKeepTokens: 2000,
  /** thinking_waste: reasoning on a turn that only picks a trivial tool or says it is ready, beyond this, and the
   * least that makes a flag */
  thinkingAllowedTokens: 1000,
  thinkingMinTokens: 4000,
  /** thinking_waste: a "ready" text this short */
  thinkingReadyChars: 200,
  /** paper block (output used in final): share of the sub-agent's answer words found in what its parent did next */
  unusedSubagentMaxOverlap: 0.1,
  unusedSubagentMinWords: 5,
  /** model_overkill: a sub-agent's tool calls on a frontier model, all of them reading, searching or listing, at
   * least (exploration, not a one-off lookup for a task of its own) */
  overkillMinTools: 3,
} as const;
