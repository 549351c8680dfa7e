import path from 'node:path';
import type { Db } from '../store/db.js';
import { finishSession, insertSession, newSessionId, setOutcome } from '../store/sessions-repo.js';
import type { Session } from '../domain/session.js';
import { readGitInfo } from './launcher/git-info.js';
import { providerEnv } from './launcher/provider-env.js';
import { runCommand, shellExitCode, type CommandResult } from './launcher/run-command.js';
import { redactArgv } from './proxy/redact.js';
import { resolveRoutes } from './proxy/routes.js';
import { startProxy } from './proxy/server.js';
import { SessionRecorder, type RecordedCallListener } from './recorder.js';
import { RecorderLog } from './recorder-log.js';

export interface RecordOptions {
  db: Db;
  dbPath: string;
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  label?: string | null;
  tags?: Record<string, string>;
  upstreams?: Record<string, string | undefined>;
  source?: Session['source'];
  listeners?: RecordedCallListener[];
  /** extra environment for the agent (agent-specific routing), applied over the provider variables */
  extraEnv?: (baseUrl: (route: string) => string) => Record<string, string>;
}

export interface RecordResult {
  sessionId: string;
  command: CommandResult;
  exitCode: number;
  calls: number;
  recorderErrors: number;
  logFile: string;
}

/**
 * Records one agent run: a session row, the proxy, the agent with its traffic routed through it, and the session
 * closed with the agent's exit status. The agent's own exit code is returned for clawtrace to exit with.
 */
export async function recordSession(o: RecordOptions): Promise<RecordResult> {
  const logFile = path.join(path.dirname(o.dbPath), 'recorder.log');
  const log = new RecorderLog(o.dbPath === ':memory:' ? null : logFile);
  const sessionId = newSessionId();
  const git = readGitInfo(o.cwd);
  insertSession(o.db, {
    id: sessionId,
    label: o.label ?? null,
    tags: o.tags ?? {},
    source: o.source ?? 'record',
    command: redactArgv(o.argv),
    cwd: o.cwd,
    agentName: null,
    agentVersion: null,
    gitCommit: git.commit,
    gitBranch: git.branch,
    gitDirty: git.dirty,
    startedAt: Date.now(),
    endedAt: null,
    exitCode: null,
    signal: null,
    stoppedReason: null,
    outcome: { status: 'unknown', source: 'none', evidence: null },
    sourcePath: null,
  });
  const recorder = new SessionRecorder(o.db, sessionId, log, o.listeners ?? []);
  const proxy = await startProxy({ routes: resolveRoutes(o.upstreams ?? {}, o.env), onExchange: recorder.onExchange });
  const env = { ...o.env, ...providerEnv(proxy), ...(o.extraEnv?.((r) => proxy.baseUrl(r)) ?? {}) };
  const command = await runCommand(o.argv, env, o.cwd);
  await recorder.drain();
  await proxy.close();
  finishSession(o.db, sessionId, { endedAt: Date.now(), exitCode: command.exitCode, signal: command.signal });
  if (command.exitCode !== null) {
    setOutcome(o.db, sessionId, {
      status: command.exitCode === 0 ? 'success' : 'failure',
      source: 'exit_code',
      evidence: `agent exited with code ${command.exitCode} (a weak signal: use --oracle or clawtrace mark)`,
    });
  }
  return {
    sessionId,
    command,
    exitCode: shellExitCode(command),
    calls: recorder.calls,
    recorderErrors: log.errors,
    logFile,
  };
}
