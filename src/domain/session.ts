import { z } from 'zod';

export const OutcomeStatusSchema = z.enum(['success', 'failure', 'unknown']);
export type OutcomeStatus = z.infer<typeof OutcomeStatusSchema>;

/** Where an outcome came from, strongest first: an oracle command, a person, the agent's exit code. */
export const OutcomeSourceSchema = z.enum(['oracle', 'manual', 'exit_code', 'none']);
export type OutcomeSource = z.infer<typeof OutcomeSourceSchema>;

export const OutcomeSchema = z.object({
  status: OutcomeStatusSchema,
  source: OutcomeSourceSchema,
  evidence: z.string().nullable(),
});
export type Outcome = z.infer<typeof OutcomeSchema>;

export const SessionSourceSchema = z.enum(['record', 'proxy', 'import', 'demo']);
export type SessionSource = z.infer<typeof SessionSourceSchema>;

export const SessionSchema = z.object({
  id: z.string(),
  label: z.string().nullable(),
  tags: z.record(z.string(), z.string()),
  source: SessionSourceSchema,
  /** the command as argv; empty for imports */
  command: z.array(z.string()),
  cwd: z.string().nullable(),
  agentName: z.string().nullable(),
  agentVersion: z.string().nullable(),
  gitCommit: z.string().nullable(),
  gitBranch: z.string().nullable(),
  gitDirty: z.boolean().nullable(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  exitCode: z.number().int().nullable(),
  /** the signal that ended the agent, if any (SIGKILL, SIGINT, ...) */
  signal: z.string().nullable(),
  /** why clawtrace stopped the agent (a guardrail), if it did */
  stoppedReason: z.string().nullable(),
  outcome: OutcomeSchema,
  /** for imports: the file it came from */
  sourcePath: z.string().nullable(),
});
export type Session = z.infer<typeof SessionSchema>;

/** A session with every optional fact unknown: callers fill in what they know. */
export function blankSession(p: Pick<Session, 'id' | 'source' | 'startedAt'> & Partial<Session>): Session {
  return {
    label: null,
    tags: {},
    command: [],
    cwd: null,
    agentName: null,
    agentVersion: null,
    gitCommit: null,
    gitBranch: null,
    gitDirty: null,
    endedAt: null,
    exitCode: null,
    signal: null,
    stoppedReason: null,
    outcome: { status: 'unknown', source: 'none', evidence: null },
    sourcePath: null,
    ...p,
  };
}
