import path from 'node:path';
import type { Db } from '../store/db.js';
import { newSessionId, setOutcome } from '../store/sessions-repo.js';
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
import { maskArgv } from '../util/secrets.js';
import { resolveRoutes } from './proxy/routes.js';
import { startProxy, type Admission, type Interceptor } from './proxy/server.js';
import { SessionRecorder, type StoredCallListener } from './recorder.js';
import { RecorderLog } from './recorder-log.js';
import { closeAbandonedSessions, selfOwner } from './owner.js';
import { RecorderWriter, type WriterStats } from './writer/writer.js';

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
  limits?: Limits;
  /** prices a call for budgets and the live view; null = unknown price */
  price?: (call: NormalizedCall) => number | null;
  /** prices a call not made yet (a budget's reservation); null = unknown price */
  estimate?: (e: { provider: string; model: string | null; input: number; output: number }) => number | null;
  /** show the live status line (only drawn on a terminal) */
  live?: boolean;
  /** told of each model call once stored (the live OTLP stream) */
  listeners?: readonly StoredCallListener[];
}

export interface RecordResult {
  sessionId: string;
  command: CommandResult;
  exitCode: number;
  calls: number;
  /** exchanges the proxy handed to the recorder */
  exchanges: number;
  store: WriterStats;
  recorderErrors: number;
  logFile: string;
  refusals: Refusal[];
}

const STOP_GRACE_MS = 5000;
/** After the agent exits, how long exchanges still in flight (a grandchild's) may run before they are cut. */
const EXIT_GRACE_MS = 3000;

const PROVIDER_OF: Record<string, string> = { anthropic: 'anthropic', openai: 'openai', gemini: 'google' };

/**
 * Model calls are what limits count and refuse: generation endpoints only. Model lists, token counts, probes and
 * anything else pass even once a limit is reached.
 */
export function isModelCall(method: string, pathAndQuery: string): boolean {
  if (method !== 'POST') return false;
  const p = pathAndQuery.split('?')[0] ?? '';
  return /(\/chat\/completions|\/completions|\/responses|\/responses\/compact|\/messages|:generateContent|:streamGenerateContent)$/.test(p);
}

/** The proxy hook that admits (reserving), holds or refuses each model call before it is forwarded. */
export function guardInterceptor(guard: Guard): Interceptor {
  return {
    needsBody: (method, p) => guard.needsRequestBody && isModelCall(method, p),
    admit: (route, method, p, body) => {
      if (!isModelCall(method, p)) return { ticket: null };
      const provider = PROVIDER_OF[route.name] ?? (route.name.startsWith('codex-') ? 'openai' : 'other');
      const d = guard.admit({ provider, path: p, body });
      const toAdmission = (x: Awaited<typeof d>): Admission =>
        'refusal' in x ? { refuse: refusalResponse(route.name, x.refusal.message) } : { ticket: x.ticket };
      return d instanceof Promise ? d.then(toAdmission) : toAdmission(d);
    },
    release: (t) => guard.release(t),
  };
}

/**
 * Records one agent run: a session row, the proxy, the agent with its traffic routed through it, and the session
 * closed with the agent's exit status once every exchange it started has been handed to the writer. The agent's own
 * exit code is returned for clawtrace to exit with, whatever happened to the recording.
 */
export async function recordSession(o: RecordOptions): Promise<RecordResult> {
  const logFile = path.join(path.dirname(o.dbPath), 'recorder.log');
  const log = new RecorderLog(logFile);
  closeAbandonedSessions(o.db);
  const writer = new RecorderWriter(o.dbPath, log);
  const sessionId = newSessionId();
  const git = readGitInfo(o.cwd);
  const limits = o.limits ?? NO_LIMITS;
  const stop: { requested: Refusal | null } = { requested: null };
  let stopAgent: (r: Refusal) => void = () => undefined;
  const guard = new Guard(limits, {
    price: o.price ?? (() => null),
    ...(o.estimate ? { estimate: o.estimate } : {}),
    warn: (m) => process.stderr.write(`\n${m}\n`),
    stop: (r) => stopAgent(r),
  });
  const live = LiveStatus.forTerminal(limits, o.live === false);
  const limited = hasLimits(limits);
  const onParsed =
    limited || live.enabled
      ? (call: NormalizedCall | null, x: { guardTicket: number | null }): void => {
          if (x.guardTicket !== null) guard.settle(x.guardTicket, call);
          else if (call) guard.onCall(call);
          if (call) live.update(guard.totals, call.model);
        }
      : null;
  const recorder = new SessionRecorder(writer, sessionId, log, onParsed, o.listeners ?? []);
  recorder.open(
    blankSession({
      id: sessionId,
      label: o.label ?? null,
      tags: o.tags ?? {},
      source: o.source ?? 'record',
      command: maskArgv(o.argv),
      cwd: o.cwd,
      gitCommit: git.commit,
      gitBranch: git.branch,
      gitDirty: git.dirty,
      startedAt: Date.now(),
    }),
    selfOwner(),
  );
  const proxy = await startProxy({
    routes: resolveRoutes(o.upstreams ?? {}, o.env),
    onExchange: (x) => {
      if (x.guardTicket !== null) guard.ended(x.guardTicket);
      recorder.onExchange(x);
    },
    ...(limited ? { intercept: guardInterceptor(guard) } : {}),
  });
  const launch = adaptLaunch(o.argv, proxy, o.env, o.cwd);
  if (launch.agentName) recorder.setAgent(launch.agentName, launch.agentVersion);
  if (launch.note) process.stderr.write(`${launch.note}\n`);
  const env = { ...o.env, ...providerEnv(proxy), ...launch.env };
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
  // every exchange the agent started (cut-off streams of an agent that died included) reaches the writer first
  await proxy.close({ graceMs: EXIT_GRACE_MS });
  const stopped = stop.requested;
  recorder.finish({
    endedAt: Date.now(),
    exitCode: command.exitCode,
    signal: command.signal,
    stoppedReason: stopped ? `budget: ${stopped.limit}` : null,
  });
  const store = await writer.close();
  if (command.exitCode !== null && !stopped) {
    try {
      setOutcome(o.db, sessionId, {
        status: command.exitCode === 0 ? 'success' : 'failure',
        source: 'exit_code',
        evidence: `agent exited with code ${command.exitCode} (a weak signal: use --oracle or clawtrace mark)`,
      });
    } catch (err) {
      log.error('setting the outcome', err);
    }
  }
  return {
    sessionId,
    command,
    exitCode: shellExitCode(command),
    calls: recorder.calls,
    exchanges: recorder.exchanges,
    store,
    recorderErrors: log.errors,
    logFile,
    refusals: guard.refusals,
  };
}
