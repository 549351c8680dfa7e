import type { NormalizedCall } from '../domain/llm-call.js';
import type { Session } from '../domain/session.js';
import type { RecorderOwner } from '../store/sessions-repo.js';
import type { BodyCapture } from './proxy/body-capture.js';
import type { ForwardedExchange } from './proxy/forward.js';
import type { RecorderLog } from './recorder-log.js';
import { callOf, toExchange } from './writer/apply.js';
import type { CapturedExchange, SessionEnd } from './writer/messages.js';
import type { RecorderWriter } from './writer/writer.js';

/** Told of each exchange once it is parsed: its model call, or null when it was none. Must not throw. */
export type ParsedListener = (call: NormalizedCall | null, x: ForwardedExchange) => void;

/** Told of each model call once it is stored (the live OTLP stream); a throw is logged, never passed on. */
export type StoredCallListener = (call: NormalizedCall, at: { sessionId: string; seq: number; startedAt: number; endedAt: number }) => void;

/** A body's kept bytes in a buffer of their own, so it can be handed to the writer thread without a copy. */
function detached(b: BodyCapture): Uint8Array {
  const kept = b.bytes();
  const own = new Uint8Array(new ArrayBuffer(kept.length));
  own.set(kept);
  return own;
}

/** The raw exchange for the writer: nothing redacted, parsed or compressed here (that is the writer thread's job). */
export function capture(sessionId: string, seq: number, x: ForwardedExchange): CapturedExchange {
  return {
    sessionId,
    seq,
    method: x.method,
    path: x.path,
    route: x.route.name,
    origin: x.route.origin,
    requestRawHeaders: x.requestRawHeaders,
    requestBody: detached(x.requestBody),
    requestBytes: x.requestBody.totalBytes,
    status: x.status,
    responseRawHeaders: x.responseRawHeaders,
    responseBody: detached(x.responseBody),
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

  /** The proxy's onExchange callback. Never throws. */
  readonly onExchange = (x: ForwardedExchange): void => {
    this.exchanges++;
    const seq = ++this.seq;
    let c: CapturedExchange;
    try {
      c = capture(this.sessionId, seq, x);
    } catch (err) {
      this.log.error(`capturing exchange ${x.method} ${x.path}`, err);
      this.onParsed?.(null, x);
      return;
    }
    const bytes = c.requestBody.byteLength + c.responseBody.byteLength + 1024;
    const transfer = [c.requestBody.buffer as ArrayBuffer, c.responseBody.buffer as ArrayBuffer];
    const queued = this.writer.write(
      { kind: 'exchange', x: c, wantCall: this.onParsed !== null || this.listeners.length > 0 },
      {
        bytes,
        transfer,
        done: (r) => {
          if (r.isCall) this.calls++;
          this.onParsed?.(r.call, x);
          if (r.call && r.ok) this.tell(r.call, seq, x);
        },
      },
    );
    if (!queued && this.onParsed) {
      // not stored (queue full): its usage still counts against the session's limits
      let call: NormalizedCall | null = null;
      try {
        call = callOf(toExchange(c));
      } catch (err) {
        this.log.error(`parsing exchange ${seq} ${x.path}`, err);
      }
      this.onParsed(call, x);
    }
  };
}
