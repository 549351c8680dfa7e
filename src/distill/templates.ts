import type { FlagKind } from '../compile/card/schema.js';

/**
 * One generalized instruction per prunable flag kind, and the reason removing the flagged step could not have
 * changed the outcome. Only flag kinds where "remove this step" is well defined make prune rules.
 */
export const PRUNE_TEMPLATES: Partial<Record<FlagKind, { text: (tool: string) => string; why: string }>> = {
  reread_unchanged: {
    text: () => 'Do not read a file again when it has not changed since you last read it; reuse what you already read.',
    why: 'it returned the same content as the earlier read, and nothing had written to the file in between',
  },
  duplicate_tool_call: {
    text: (tool) => `Do not repeat a ${tool} call whose earlier result is still valid; reuse that result instead of running it again.`,
    why: 'it returned the same result as the identical earlier call',
  },
  tool_loop: {
    text: (tool) => `If a ${tool} call gives the same result twice in a row, stop repeating it and change your approach.`,
    why: 'each repeat returned exactly the same result as the first call',
  },
  error_retry: {
    text: (tool) => `When a ${tool} call fails, read the error and change the call before trying again; never resend it unchanged.`,
    why: 'the failed attempt contributed nothing the later, corrected call did not',
  },
};

export const REPAIR_ORACLE_TEXT =
  'Before you report that you are done, run the project tests and read their result; if they fail, keep fixing instead of finishing.';

export interface Behaviour {
  id: string;
  text: string;
}

export const BEHAVIOURS: Behaviour[] = [
  { id: 'tests_before_finish', text: 'Run the project tests after your last edit and before your final reply.' },
  { id: 'read_before_edit', text: 'Read a file before you edit it.' },
];
