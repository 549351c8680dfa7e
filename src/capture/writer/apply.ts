import type { Exchange, ExchangeState } from '../../domain/exchange.js';
import type { NormalizedCall } from '../../domain/llm-call.js';
import type { Db } from '../../store/db.js';
import { insertExchange, prepareBodiesSync, type PreparedBodies } from '../../store/exchanges-repo.js';
import { upsertCall } from '../../store/calls-repo.js';
import { finishSession, insertSession, setAgent, setRecorderOwner, setSessionOrigin } from '../../store/sessions-repo.js';
import { redactHeaders, redactPath } from '../proxy/redact.js';
import { PARSER_VERSION, parseStoredExchange } from '../wire/index.js';
import { GUARDRAIL_ERROR_TYPE } from '../guardrails/refusal.js';
import type { CapturedExchange, OpResult, WriteOp } from './messages.js';

const STATE_OF: Record<CapturedExchange['outcome'], ExchangeState> = {
  complete: 'complete',
  client_aborted: 'incomplete',
  upstream_reset: 'incomplete',
  upstream_unreachable: 'upstream_error',
  refused: 'refused',
};

const buf = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** Turns what the proxy saw into the stored (redacted) exchange. */
export function toExchange(x: CapturedExchange): Omit<Exchange, 'id'> {
  const path = redactPath(x.path);
  return {
    sessionId: x.sessionId,
    seq: x.seq,
    method: x.method,
    path,
    route: x.route,
    upstreamUrl: `${x.origin}${path}`,
    requestHeaders: redactHeaders(x.requestRawHeaders),
    requestBody: buf(x.requestBody),
    requestBytes: x.requestBytes,
    status: x.status,
    responseHeaders: redactHeaders(x.responseRawHeaders),
    responseBody: buf(x.responseBody),
    responseBytes: x.responseBytes,
    responseOmittedBytes: x.responseOmittedBytes,
    startedAt: x.startedAt,
    firstByteAt: x.firstByteAt,
    endedAt: x.endedAt,
    state: STATE_OF[x.outcome],
    errorText: x.errorText,
  };
}

/**
 * The model call in an exchange, or null: not an LLM call (a probe, a model list), or a request that never reached its
 * provider (a transport error of the session, kept as its raw exchange only). A guardrail refusal is a call refused.
 */
export function callOf(exchange: Omit<Exchange, 'id'>): NormalizedCall | null {
  const call = parseStoredExchange(exchange);
  if (call.api === 'unknown') return null;
  if (exchange.state === 'refused') {
    // whatever shape the provider's error took, a refusal is ours: never an upstream error
    call.error = { status: exchange.status, type: GUARDRAIL_ERROR_TYPE, message: call.error?.message ?? 'refused by clawtrace' };
    call.usage = null;
  }
  return call;
}

interface Prepared {
  op: WriteOp;
  exchange?: Omit<Exchange, 'id'>;
  bodies?: PreparedBodies;
  call?: NormalizedCall | null;
  warning?: string;
}

/** Parsing and compression, before the transaction: a parse failure still stores the raw exchange. */
function prepare(op: WriteOp): Prepared {
  if (op.kind !== 'exchange') return { op };
  const exchange = toExchange(op.x);
  const bodies = prepareBodiesSync(exchange.requestBody, exchange.responseBody);
  try {
    return { op, exchange, bodies, call: callOf(exchange) };
  } catch (err) {
    // the raw exchange is still stored: a parser fix is a recompile away
    return { op, exchange, bodies, call: null, warning: `parsing exchange ${exchange.seq} ${exchange.path}: ${String(err)}` };
  }
}

function write(db: Db, p: Prepared): void {
  const op = p.op;
  switch (op.kind) {
    case 'session':
      insertSession(db, op.session);
      if (op.owner) setRecorderOwner(db, op.session.id, op.owner);
      return;
    case 'exchange': {
      if (!p.exchange || !p.bodies) return;
      const exchangeId = insertExchange(db, p.exchange, p.bodies);
      if (!p.call) return;
      upsertCall(db, {
        sessionId: p.exchange.sessionId,
        seq: p.exchange.seq,
        exchangeId,
        naturalKey: null,
        parserVersion: PARSER_VERSION,
        startedAt: p.exchange.startedAt,
        firstByteAt: p.exchange.firstByteAt,
        endedAt: p.exchange.endedAt,
        call: p.call,
      });
      return;
    }
    case 'agent':
      setAgent(db, op.sessionId, op.name, op.version);
      return;
    case 'origin':
      setSessionOrigin(db, op.sessionId, { command: op.command, cwd: op.cwd });
      return;
    case 'finish':
      finishSession(db, op.sessionId, op.end);
      return;
    case 'sync':
      return;
  }
}

export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

function result(p: Prepared, ok: boolean, error: string | null): OpResult {
  const wantCall = p.op.kind === 'exchange' && p.op.wantCall;
  return { ticket: p.op.ticket, ok, isCall: ok && !!p.call, call: wantCall ? (p.call ?? null) : null, error: error ?? p.warning ?? null };
}

/**
 * Applies a batch of writes in one transaction (one commit for many exchanges). While another writer holds the lock
 * the batch waits and is tried again (`onBusy` is told once), so nothing is lost to a long job elsewhere; any other
 * failure (disk full, I/O) falls back to one transaction per write, so what can be stored is, and each failure is said.
 */
export function applyOps(db: Db, ops: readonly WriteOp[], onBusy: (waiting: number) => void): OpResult[] {
  const prepared = ops.map(prepare);
  const all = db.transaction(() => {
    for (const p of prepared) write(db, p);
  });
  let told = false;
  for (;;) {
    try {
      all.immediate();
      return prepared.map((p) => result(p, true, null));
    } catch (err) {
      if (isBusy(err)) {
        if (!told) onBusy(ops.length);
        told = true;
        continue;
      }
      break;
    }
  }
  return prepared.map((p) => {
    for (;;) {
      try {
        db.transaction(() => write(db, p)).immediate();
        return result(p, true, null);
      } catch (err) {
        if (isBusy(err)) continue;
        return result(p, false, err instanceof Error ? err.message : String(err));
      }
    }
  });
}
