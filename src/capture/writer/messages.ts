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

export type WriterMessage = { results: OpResult[] } | { notice: string };
