import type { Flag } from '../compile/card/schema.js';

/**
 * Prune patterns: one per kind of avoidable work, whatever tool or agent did it (a flag's target is already a pattern
 * across agents: `read`, `search`, `run:npm test`). Each says what to do instead, and why removing the flagged repeat
 * could not have changed the outcome. The first pattern that takes a flag makes its rule.
 */
export interface PrunePattern {
  id: string;
  takes(f: Flag): boolean;
  text: string;
  why: string;
}

const searchedNothing = (f: Flag): boolean => /found nothing/.test(f.cause);

export const PRUNE_PATTERNS: readonly PrunePattern[] = [
  {
    id: 'search-found-nothing',
    takes: (f) => (f.kind === 'duplicate_tool_call' || f.kind === 'tool_loop' || f.kind === 'error_retry') && searchedNothing(f),
    text: 'When a search finds nothing, change the pattern or the folder instead of running the same search again.',
    why: 'the repeat searched the same place for the same pattern and again found nothing',
  },
  {
    id: 'poll-wait-longer',
    takes: (f) => f.kind === 'tool_loop' && /poll|wait|write_stdin|sleep|process/.test(`${f.target} ${f.evidence}`),
    text: 'When you wait for a command that is still running, wait longer in one call instead of polling it again and again with no new output.',
    why: 'each poll returned the same output as the one before it',
  },
  {
    id: 'repeat-until-change',
    takes: (f) => f.kind === 'tool_loop',
    text: 'If a call gives the same result twice in a row, stop repeating it: change the call or your approach.',
    why: 'each repeat returned exactly the result of the first call',
  },
  {
    id: 'failed-call-unchanged',
    takes: (f) => f.kind === 'error_retry' && !f.target.startsWith('llm:'),
    text: 'When a command fails, read the error and change the command (or stop) before running it again; never rerun it unchanged.',
    why: 'the unchanged rerun failed exactly as the first attempt had',
  },
  {
    id: 'reread-unchanged-file',
    takes: (f) => f.kind === 'reread_unchanged',
    text: 'Do not read a file again while its earlier read is still in the conversation and nothing has changed it; work from what you read.',
    why: 'it returned the same content as the earlier read, and nothing had written to the file in between',
  },
  {
    id: 'rerun-checks-after-change',
    takes: (f) => f.kind === 'duplicate_tool_call' && f.target.startsWith('run'),
    text: 'Run tests and builds again only after changing something; when nothing changed since the last run, use its result.',
    why: 'nothing changed between the two runs, and the second gave the result of the first',
  },
  {
    id: 'reuse-search-result',
    takes: (f) => f.kind === 'duplicate_tool_call',
    text: 'When nothing has changed since a search, listing or status check, reuse its result instead of running it again.',
    why: 'it returned the same result as the identical earlier call, with nothing written in between',
  },
  {
    id: 'trust-subagent-report',
    takes: (f) => f.kind === 'subagent_overlap',
    text: "After a sub-agent has read or written files for you, work from its report; read a file yourself only when you are about to change it.",
    why: 'the sub-agent had already done that read or write, with the same result',
  },
  {
    id: 'exclude-dependency-folders',
    takes: (f) => f.kind === 'oversized_output' && /dependency folders/.test(f.cause),
    text: 'Exclude dependency and build folders (node_modules, .venv, vendor, target, dist, .git) from recursive listings and searches.',
    why: 'almost all of the output was inside dependency folders no later step used',
  },
  {
    id: 'no-binary-as-text',
    takes: (f) => f.kind === 'oversized_output' && /binary/.test(f.cause),
    text: 'Do not read binary files as text; check what kind of file it is first and use a tool made for it.',
    why: 'the binary content could not be used as text',
  },
  {
    id: 'narrow-listings',
    takes: (f) => f.kind === 'oversized_output',
    text: 'Limit listings and searches to the folder and depth you need, and cap their output; read the part of a large file you need.',
    why: 'a narrower call would have returned what the next steps used',
  },
];

/** Words a rule may carry although they look like paths or file names: ecosystem names every project shares. */
export const ALLOWED_WORDS = ['node_modules', '.venv', 'venv', 'vendor', 'target', 'dist', '.git', 'site-packages', '__pycache__'];

export const PRESERVE_BEHAVIOURS = [
  { id: 'tests_before_finish', text: 'Run the project tests after your last edit and before your final reply.' },
  { id: 'read_before_edit', text: 'Read a file before you edit it.' },
] as const;
export type Behaviour = (typeof PRESERVE_BEHAVIOURS)[number];
