import path from 'node:path';
import type { Db } from '../store/db.js';
import { finishSession, insertSession, newSessionId, setAgent, setOutcome } from '../store/sessions-repo.js';
import { adaptLaunch } from './launcher/agents/index.js';
import type { NormalizedCall } from '../domain/llm-call.js';
import type { Session } from '../domain/session.js';
import { blankSession } from '../domain/session.js';
import { LiveStatus } from '../report/live-status.js';
import { Guard, type Refusal } from './guardrails/guard.js';
import { hasLimits, NO_LIMITS, type Limits } from './guardrails/limits.js';
import { refusalResponse } from './guardrails/refusal.js';
import { readGitInfo } from './launcher/git-info.js';
import { providerEnv } from './launcher/provider-env.js';
import { runCommand, shellExitCode, type CommandResult } from './launcher/run-command.js';
import { redactArgv } from './proxy/redact.js';
import { resolveRoutes } from './proxy/routes.js';
import { startProxy, type Interceptor } from './proxy/server.js';
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
  limits?: Limits;
  /** prices a call for budgets and the live view; null = unknown price */
  price?: (call: NormalizedCall) => number | null;
  /** show the live status line (only drawn on a terminal) */
  live?: boolean;
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
  refusals: Refusal[];
}

const STOP_GRACE_MS = 5000;

/** Only model calls count against limits: probes, model lists and token counting pass. */
function isBillableRequest(method: string, path: string): boolean {
  return method === 'POST' && !/count_tokens|countTokens/.test(path);
}

/** The proxy hook that checks a session's limits before each model call is forwarded. */
export function guardInterceptor(guard: Guard): Interceptor {
  return {
    needsBody: () => guard.needsRequestBody,
    decide: (route, p, body) => {
      if (!isBillableRequest('POST', p)) return null;
      const r = guard.check(body);
      return r ? refusalResponse(route.name, r.message) : null;
    },
  };
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
  insertSession(
    o.db,
    blankSession({
      id: sessionId,
      label: o.label ?? null,
      tags: o.tags ?? {},
      source: o.source ?? 'record',
      command: redactArgv(o.argv),
      cwd: o.cwd,
      gitCommit: git.commit,
      gitBranch: git.branch,
      gitDirty: git.dirty,
      startedAt: Date.now(),
    }),
  );

  const limits = o.limits ?? NO_LIMITS;
  const stop: { requested: Refusal | null } = { requested: null };
  let stopAgent: (r: Refusal) => void = () => undefined;
  const guard = new Guard(limits, {
    price: o.price ?? (() => null),
    warn: (m) => process.stderr.write(`\n${m}\n`),
    stop: (r) => stopAgent(r),
  });
  const live = LiveStatus.forTerminal(limits, o.live === false);
  const listeners: RecordedCallListener[] = [
    (call) => {
      guard.onCall(call);
      live.update(guard.totals, call.model);
    },
    ...(o.listeners ?? []),
  ];
  const recorder = new SessionRecorder(o.db, sessionId, log, listeners);
  const intercept = hasLimits(limits) ? guardInterceptor(guard) : undefined;
  const proxy = await startProxy({
    routes: resolveRoutes(o.upstreams ?? {}, o.env),
    onExchange: recorder.onExchange,
    ...(intercept ? { intercept } : {}),
  });
  const launch = adaptLaunch(o.argv, (r) => proxy.baseUrl(r), o.env, o.cwd);
  if (launch.agentName) setAgent(o.db, sessionId, launch.agentName, launch.agentVersion);
  if (launch.note) process.stderr.write(`${launch.note}\n`);
  const env = { ...o.env, ...providerEnv(proxy), ...launch.env, ...(o.extraEnv?.((r) => proxy.baseUrl(r)) ?? {}) };
  const running = runCommand(launch.argv, env, o.cwd);
  stopAgent = (r) => {
    if (stop.requested) return;
    stop.requested = r;
    process.stderr.write(`\n${r.message}\nclawtrace: stopping the agent (--on-limit stop)\n`);
    running.signal('SIGINT');
    setTimeout(() => running.signal('SIGTERM'), STOP_GRACE_MS).unref();
  };
  const command = await running.done.finally(() => launch.cleanup());
  live.clear();
  await recorder.drain();
  await proxy.close();
  const stopped = stop.requested;
  finishSession(o.db, sessionId, {
    endedAt: Date.now(),
    exitCode: command.exitCode,
    signal: command.signal,
    stoppedReason: stopped ? `budget: ${stopped.limit}` : null,
  });
  if (command.exitCode !== null && !stopped) {
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
    refusals: guard.refusals,
  };
}
