import type { Socket } from 'node:net';
import { blankSession } from '../domain/session.js';
import { newSessionId, type RecorderOwner } from '../store/sessions-repo.js';
import { maskArgv } from '../util/secrets.js';
import { shortHash } from '../util/hash.js';
import { findClientProcess, type ClientProcess } from './client-process.js';
import { detectAgent } from './launcher/agents/detect.js';
import type { ForwardedExchange } from './proxy/forward.js';
import { SessionRecorder, type StoredCallListener } from './recorder.js';
import type { RecorderLog } from './recorder-log.js';
import { isAlive } from './owner.js';
import type { RecorderWriter } from './writer/writer.js';

/** Headers naming the client's own session or conversation, and the parent a sub-agent's conversation belongs to. */
const SESSION_HEADERS = ['x-claude-code-session-id', 'session-id', 'session_id', 'x-session-id', 'thread-id'];
const PARENT_HEADERS = ['x-parent-session-id', 'x-codex-parent-thread-id'];
const PROCESS_POLL_MS = 1000;

interface Group {
  recorder: SessionRecorder;
  /** every key that leads here: client ids from headers, client processes, conversation heads */
  keys: Set<string>;
  processes: Map<string, ClientProcess>;
  lastAt: number;
  described: boolean;
  /** polls that found every client process gone (two in a row end the session: its last exchanges are in by then) */
  deadPolls: number;
}

function header(raw: readonly string[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) if (names.includes((raw[i] ?? '').toLowerCase()) && raw[i + 1]) out.push(raw[i + 1] ?? '');
  return out;
}

/** The conversation an exchange belongs to by its history: the first user message (or the first message) it carries. */
function conversationHead(x: ForwardedExchange): string | null {
  const text = x.requestBody.bytes().subarray(0, 1 << 20).toString('utf8');
  const m = /"(?:role)"\s*:\s*"user"\s*,\s*"(?:content|parts)"\s*:\s*("(?:[^"\\]|\\.){1,2000}"|\[[^\]]{1,2000})/.exec(text);
  return m?.[1] ? shortHash(m[1]) : null;
}

/**
 * For `clawtrace proxy`: one long-lived recorder that splits traffic into sessions by who sent it, never by idle time.
 * An exchange joins the session of, in order: its client's session id or its parent's (a header: Claude Code,
 * Codex, opencode and its sub-agents); the local process that opened its connection (Linux: every run of Gemini CLI
 * or of an SDK script is its own session, and so are its in-process sub-agents' calls); else, by lineage, the
 * session whose conversation it continues, among those of the same shell (`clawtrace env`'s token) and user agent.
 * A session ends when every client process it saw has exited, or when the proxy stops.
 */
export class ProxySessions {
  private readonly groups = new Set<Group>();
  private readonly byKey = new Map<string, Group>();
  private readonly clients = new Map<number, Promise<ClientProcess | null>>();
  private chain: Promise<void> = Promise.resolve();
  private readonly poll: NodeJS.Timeout;

  constructor(
    private readonly writer: RecorderWriter,
    private readonly log: RecorderLog,
    private readonly label: string | null,
    private readonly owner: RecorderOwner,
    private readonly listeners: readonly StoredCallListener[] = [],
  ) {
    this.poll = setInterval(() => this.endExited(), PROCESS_POLL_MS);
    this.poll.unref();
  }

  /**
   * The proxy's onConnection: finds the process behind the connection (Linux; asynchronous file reads, a few ms). The
   * connection's first request waits for it, so a client that exits at once is still found.
   */
  readonly onConnection = (connection: number, socket: Socket): Promise<ClientProcess | null> => {
    const known = [...this.groups].flatMap((g) => [...g.processes.values()].map((p) => p.pid));
    const found = socket.remotePort && socket.localPort ? findClientProcess(socket.remotePort, socket.localPort, known) : Promise.resolve(null);
    const client = found.catch((err: unknown) => {
      this.log.error('finding a client process', err);
      return null;
    });
    this.clients.set(connection, client);
    socket.once('close', () => setTimeout(() => this.clients.delete(connection), 60_000).unref());
    return client;
  };

  /** The proxy's onExchange: exchanges are assigned in the order they ended. Never throws. */
  readonly onExchange = (x: ForwardedExchange): void => {
    const client = this.clients.get(x.client.connection) ?? Promise.resolve(null);
    this.chain = this.chain
      .then(() => client)
      .then((proc) => this.assign(x, proc))
      .catch((err: unknown) => this.log.error('assigning an exchange to a session', err));
  };

  private assign(x: ForwardedExchange, proc: ClientProcess | null): void {
    const ids = header(x.requestRawHeaders, SESSION_HEADERS).map((v) => `h:${v}`);
    const parents = header(x.requestRawHeaders, PARENT_HEADERS).map((v) => `h:${v}`);
    const procKey = proc ? `p:${proc.pid}:${proc.start ?? ''}` : null;
    const ua = header(x.requestRawHeaders, ['user-agent'])[0] ?? '';
    const shell = `s:${x.client.shellToken ?? ''}|${ua}`;
    let keys: string[];
    if (ids.length > 0) keys = [...ids, ...parents];
    else if (procKey) keys = [procKey];
    else {
      const head = conversationHead(x);
      keys = head ? [`${shell}|${head}`] : [shell];
    }
    let g = keys.map((k) => this.byKey.get(k)).find((v) => v !== undefined);
    if (!g) g = this.open(x.startedAt);
    for (const k of keys) this.bind(k, g);
    // the same process's requests without ids (a probe, a side call) join the session its ids named first
    if (procKey && !this.byKey.has(procKey)) this.bind(procKey, g);
    if (proc && procKey) {
      g.processes.set(procKey, proc);
      if (!g.described) this.describe(g, proc);
    }
    g.lastAt = Math.max(g.lastAt, x.endedAt);
    g.recorder.onExchange(x);
  }

  private bind(key: string, g: Group): void {
    g.keys.add(key);
    this.byKey.set(key, g);
  }

  /** A session's command line and folder are its first client process's (masked like every stored command line). */
  private describe(g: Group, proc: ClientProcess): void {
    g.described = true;
    if (proc.argv.length === 0) return;
    g.recorder.setOrigin(maskArgv(proc.argv), proc.cwd);
    const agent = detectAgent(proc.argv);
    if (agent) g.recorder.setAgent(agent.kind, null);
  }

  private open(startedAt: number): Group {
    const id = newSessionId();
    const recorder = new SessionRecorder(this.writer, id, this.log, null, this.listeners);
    recorder.open(blankSession({ id, label: this.label, source: 'proxy', cwd: process.cwd(), startedAt }), this.owner);
    const g: Group = { recorder, keys: new Set(), processes: new Map(), lastAt: startedAt, described: false, deadPolls: 0 };
    this.groups.add(g);
    return g;
  }

  private close(g: Group): void {
    this.groups.delete(g);
    for (const k of g.keys) if (this.byKey.get(k) === g) this.byKey.delete(k);
    g.recorder.finish({ endedAt: g.lastAt, exitCode: null, signal: null });
  }

  /** Sessions whose client processes have all exited are over (their last exchanges were assigned before). */
  private endExited(): void {
    this.chain = this.chain.then(() => {
      for (const g of [...this.groups]) {
        if (g.processes.size === 0) continue;
        const dead = [...g.processes.values()].every((p) => !isAlive({ pid: p.pid, start: p.start }));
        g.deadPolls = dead ? g.deadPolls + 1 : 0;
        if (g.deadPolls >= 2) this.close(g);
      }
    });
  }

  /** Sessions opened so far and still open. */
  sessionIds(): string[] {
    return [...this.groups].map((g) => g.recorder.sessionId);
  }

  /** Waits for every exchange handed over to be assigned, then closes every session. */
  async closeAll(): Promise<void> {
    clearInterval(this.poll);
    await this.chain;
    for (const g of [...this.groups]) this.close(g);
  }
}
