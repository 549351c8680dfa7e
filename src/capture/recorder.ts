import type { NormalizedCall } from '../domain/llm-call.js';
import type { Session } from '../domain/session.js';
import type { RecorderOwner } from '../store/sessions-repo.js';
import type { ForwardedExchange } from './proxy/forward.js';
import type { RecorderLog } from './recorder-log.js';
import { callOf, toExchange } from './writer/apply.js';
import type { CapturedExchange, OpResult, SessionEnd } from './writer/messages.js';
import type { RecorderWriter } from './writer/writer.js';

/** Told of each exchange once it is parsed: its model call, or null when it was none. Must not throw. */
export type ParsedListener = (call: NormalizedCall | null, x: ForwardedExchange) => void;

/** Told of each model call once it is stored (the live OTLP stream); a throw is logged, never passed on. */
export type StoredCallListener = (call: NormalizedCall, at: { sessionId: string; seq: number; startedAt: number; endedAt: number }) => void;

/** The raw exchange, as the writer thread would see it (for an exchange that could not be queued). */
export function capture(sessionId: string, seq: number, x: ForwardedExchange): CapturedExchange {
  return {
    sessionId,
    seq,
    method: x.method,
    path: x.path,
    route: x.route.name,
    origin: x.route.origin,
    requestRawHeaders: x.requestRawHeaders,
    requestBody: x.requestBody.bytes(),
    requestBytes: x.requestBody.totalBytes,
    status: x.status,
    responseRawHeaders: x.responseRawHeaders,
    responseBody: x.responseBody.bytes(),
    responseBytes: x.responseBody.totalBytes,
    responseOmittedBytes: x.responseBody.omittedBytes,
    startedAt: x.startedAt,
    firstByteAt: x.firstByteAt,
    endedAt: x.endedAt,
    outcome: x.outcome,
    errorText: x.errorText,
  };
}

/**
 * Records the exchanges of one session through the shared writer: each is numbered and queued the moment it ends
 * (after the client has its last byte); the writer thread parses and stores it. With a listener (guardrails, the live
 * view) the parsed call comes back once stored. Every failure goes to the log; none reaches the agent.
 */
export class SessionRecorder {
  private seq = 0;
  /** model calls stored */
  calls = 0;
  /** exchanges handed over (stored, failed or dropped) */
  exchanges = 0;

  constructor(
    private readonly writer: RecorderWriter,
    readonly sessionId: string,
    private readonly log: RecorderLog,
    private readonly onParsed: ParsedListener | null = null,
    private readonly listeners: readonly StoredCallListener[] = [],
  ) {}

  private tell(call: NormalizedCall, seq: number, x: ForwardedExchange): void {
    for (const l of this.listeners) {
      try {
        l(call, { sessionId: this.sessionId, seq, startedAt: x.startedAt, endedAt: x.endedAt });
      } catch (err) {
        this.log.error('a stored-call listener', err);
      }
    }
  }

  /** Opens the session row (queued like every other write). */
  open(session: Session, owner: RecorderOwner | null): void {
    this.writer.write({ kind: 'session', session, owner });
  }

  setAgent(name: string | null, version: string | null): void {
    this.writer.write({ kind: 'agent', sessionId: this.sessionId, name, version });
  }

  setOrigin(command: string[], cwd: string | null): void {
    this.writer.write({ kind: 'origin', sessionId: this.sessionId, command, cwd });
  }

  finish(end: SessionEnd): void {
    this.writer.write({ kind: 'finish', sessionId: this.sessionId, end });
  }

  /** Counts a stored call, for an exchange nobody else waits on (one function for all: it keeps nothing alive). */
  private readonly counted = (r: OpResult): void => {
    if (r.isCall) this.calls++;
  };

  /** The proxy's onExchange callback. Never throws. */
  readonly onExchange = (x: ForwardedExchange): void => {
    this.exchanges++;
    const seq = ++this.seq;
    const wantCall = this.onParsed !== null || this.listeners.length > 0;
    let queued: boolean;
    try {
      queued = this.writer.writeExchange(
        { sessionId: this.sessionId, seq, x, wantCall },
        wantCall
          ? (r) => {
              if (r.isCall) this.calls++;
              this.onParsed?.(r.call, x);
              if (r.call && r.ok) this.tell(r.call, seq, x);
            }
          : this.counted,
      );
    } catch (err) {
      this.log.error(`capturing exchange ${x.method} ${x.path}`, err);
      this.onParsed?.(null, x);
      return;
    }
    if (!queued && this.onParsed) {
      // not stored (queue full): its usage still counts against the session's limits
      let call: NormalizedCall | null = null;
      try {
        call = callOf(toExchange(capture(this.sessionId, seq, x)));
      } catch (err) {
        this.log.error(`parsing exchange ${seq} ${x.path}`, err);
      }
      this.onParsed(call, x);
    }
  };
}
