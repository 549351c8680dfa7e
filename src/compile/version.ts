/**
 * The version of everything that turns stored calls into figures: structure, pricing, carried cost, flags.
 * Anything cached from a compile (session summaries, usage facts) is stale when it was made under another version,
 * and is rebuilt. Raise it with every change that can move a number or a flag.
 */
export const COMPILE_VERSION = 1;
