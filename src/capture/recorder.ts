import type { Exchange, ExchangeState } from '../domain/exchange.js';
import type { NormalizedCall } from '../domain/llm-call.js';
import type { Db } from '../store/db.js';
import { insertExchange, prepareBodies } from '../store/exchanges-repo.js';
import { upsertCall } from '../store/calls-repo.js';
import type { ForwardedExchange } from './proxy/forward.js';
import { redactHeaders, redactPath } from './proxy/redact.js';
import type { RecorderLog } from './recorder-log.js';
import { PARSER_VERSION, parseStoredExchange } from './wire/index.js';
import { GUARDRAIL_ERROR_TYPE } from './guardrails/refusal.js';

const STATE_OF: Record<ForwardedExchange['outcome'], ExchangeState> = {
  complete: 'complete',
  client_aborted: 'incomplete',
  upstream_reset: 'incomplete',
  upstream_unreachable: 'upstream_error',
  refused: 'refused',
};

/** Turns what the proxy saw into the stored (redacted) exchange. */
export function toExchange(sessionId: string, seq: number, x: ForwardedExchange): Omit<Exchange, 'id'> {
  return {
    sessionId,
    seq,
    method: x.method,
    path: redactPath(x.path),
    route: x.route.name,
    upstreamUrl: `${x.route.origin}${redactPath(x.path)}`,
    requestHeaders: redactHeaders(x.requestRawHeaders),
    requestBody: x.requestBody.bytes(),
    requestBytes: x.requestBody.totalBytes,
    status: x.status,
    responseHeaders: redactHeaders(x.responseRawHeaders),
    responseBody: x.responseBody.bytes(),
    responseBytes: x.responseBody.totalBytes,
    responseOmittedBytes: x.responseBody.omittedBytes,
    startedAt: x.startedAt,
    firstByteAt: x.firstByteAt,
    endedAt: x.endedAt,
    state: STATE_OF[x.outcome],
    errorText: x.errorText,
  };
}

/** Is this exchange an LLM call at all (not a probe, a model list or a health check)? */
function isLlmCall(call: NormalizedCall): boolean {
  return call.api !== 'unknown';
}

export interface RecordedCallListener {
  (call: NormalizedCall, exchange: Omit<Exchange, 'id'>): void;
}

/**
 * Stores each finished exchange of one session. The exchange is parsed at once (so guardrails and the live view see
 * its usage before the agent's next request can arrive), then stored: raw exchange and normalized call in one
 * transaction, bodies compressed off the event loop first. Runs after the client has its last byte; every failure
 * goes to the log, none reaches the agent.
 */
export class SessionRecorder {
  private pending = new Set<Promise<void>>();
  private seq = 0;
  calls = 0;

  constructor(
    private readonly db: Db,
    readonly sessionId: string,
    private readonly log: RecorderLog,
    private readonly listeners: RecordedCallListener[] = [],
  ) {}

  /** The proxy's onExchange callback. Never throws. */
  readonly onExchange = (x: ForwardedExchange): void => {
    const seq = ++this.seq;
    const exchange = toExchange(this.sessionId, seq, x);
    const call = this.parse(exchange);
    if (call) this.notify(call, exchange);
    const p = this.store(exchange, call)
      .catch((err: unknown) => this.log.error(`storing exchange ${exchange.method} ${exchange.path}`, err))
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  };

  /** Parses a refused or recorded exchange; null when it is not an LLM call or could not be parsed. */
  private parse(exchange: Omit<Exchange, 'id'>): NormalizedCall | null {
    try {
      const call = parseStoredExchange({ ...exchange, id: 0 });
      if (!isLlmCall(call)) return null;
      if (exchange.state === 'refused') {
        // whatever shape the provider's error took, a refusal is ours: never an upstream error
        call.error = { status: exchange.status, type: GUARDRAIL_ERROR_TYPE, message: call.error?.message ?? 'refused by clawtrace' };
        call.usage = null;
      }
      return call;
    } catch (err) {
      // the raw exchange is still stored: a parser fix is a recompile away
      this.log.error(`parsing exchange ${exchange.seq} ${exchange.path}`, err);
      return null;
    }
  }

  private notify(call: NormalizedCall, exchange: Omit<Exchange, 'id'>): void {
    for (const l of this.listeners) {
      try {
        l(call, exchange);
      } catch (err) {
        this.log.error('call listener', err);
      }
    }
  }

  private async store(exchange: Omit<Exchange, 'id'>, call: NormalizedCall | null): Promise<void> {
    const bodies = await prepareBodies(exchange.requestBody, exchange.responseBody);
    this.db.transaction(() => {
      const exchangeId = insertExchange(this.db, exchange, bodies);
      if (!call) return;
      upsertCall(this.db, {
        sessionId: this.sessionId,
        seq: exchange.seq,
        exchangeId,
        naturalKey: null,
        parserVersion: PARSER_VERSION,
        startedAt: exchange.startedAt,
        firstByteAt: exchange.firstByteAt,
        endedAt: exchange.endedAt,
        call,
      });
    })();
    if (call) this.calls++;
  }

  /** Waits for exchanges still being stored (bounded, so a stuck write can't hold the agent's exit hostage). */
  async drain(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.pending]), new Promise((r) => setTimeout(r, 100))]);
    }
    if (this.pending.size > 0) this.log.error('drain', new Error(`${this.pending.size} exchanges still unsaved at exit`));
  }
}
