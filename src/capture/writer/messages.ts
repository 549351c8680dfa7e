import type { NormalizedCall } from '../../domain/llm-call.js';
import type { Session } from '../../domain/session.js';
import type { RecorderOwner } from '../../store/sessions-repo.js';
import type { ForwardedExchange } from '../proxy/forward.js';

/** One exchange as the proxy saw it, raw (nothing redacted, parsed or compressed yet): what goes to the writer. */
export interface CapturedExchange {
  sessionId: string;
  seq: number;
  method: string;
  path: string;
  route: string;
  origin: string;
  requestRawHeaders: string[];
  requestBody: Uint8Array;
  requestBytes: number;
  status: number | null;
  responseRawHeaders: string[];
  responseBody: Uint8Array;
  responseBytes: number;
  responseOmittedBytes: number;
  startedAt: number;
  firstByteAt: number | null;
  endedAt: number;
  outcome: ForwardedExchange['outcome'];
  errorText: string | null;
}

export interface SessionEnd {
  endedAt: number;
  exitCode: number | null;
  signal: string | null;
  stoppedReason?: string | null;
}

/** Every write the recorder makes, applied in order by the writer thread. */
export type WriteOp =
  | { kind: 'session'; ticket: number; session: Session; owner: RecorderOwner | null }
  | { kind: 'exchange'; ticket: number; x: CapturedExchange; wantCall: boolean }
  | { kind: 'agent'; ticket: number; sessionId: string; name: string | null; version: string | null }
  | { kind: 'origin'; ticket: number; sessionId: string; command: string[]; cwd: string | null }
  | { kind: 'finish'; ticket: number; sessionId: string; end: SessionEnd }
  | { kind: 'sync'; ticket: number };

export interface OpResult {
  ticket: number;
  ok: boolean;
  /** the exchange was a model call (a row in llm_calls) */
  isCall: boolean;
  /** the parsed call, when the op asked for it (guardrails, the live view) */
  call: NormalizedCall | null;
  /** why it could not be stored, or a problem worth logging although it was */
  error: string | null;
}

/** Every write but an exchange, as it is. */
export type PlainOp = Exclude<WriteOp, { kind: 'exchange' }>;

/**
 * One message to the writer thread: the plain ops as objects, the exchanges packed into one transferred buffer (see
 * codec.ts); the thread merges them back in ticket order. `urgent`: a sync, or a call someone waits on, is committed
 * at once.
 */
export interface WriterBatch {
  ops: PlainOp[];
  packed: { buffer: ArrayBuffer; bytes: number } | null;
  urgent: boolean;
}

/**
 * The results of one commit, compact: ticket and flags (bit 0: stored, bit 1: a model call) per write, and the call or
 * error only for the writes that have one to tell.
 */
export interface ResultBatch {
  tickets: Float64Array;
  flags: Uint8Array;
  extra: { i: number; call: NormalizedCall | null; error: string | null }[];
}

export type WriterMessage = { results: ResultBatch } | { notice: string };
