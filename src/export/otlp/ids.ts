import crypto from 'node:crypto';
import type { IdGenerator } from '@opentelemetry/sdk-trace-base';

/** Trace and span ids derived from the session (and step): exporting a session again gives the same ids. */
export function traceIdFor(sessionId: string): string {
  return nonZero(crypto.createHash('sha256').update(`clawtrace-trace:${sessionId}`).digest('hex').slice(0, 32));
}

export function spanIdFor(sessionId: string, key: string): string {
  return nonZero(crypto.createHash('sha256').update(`clawtrace-span:${sessionId}:${key}`).digest('hex').slice(0, 16));
}

function nonZero(hex: string): string {
  return /^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex;
}

/**
 * The SDK asks its id generator for each new span's id (and a root span's trace id): this one hands out the ids
 * planned for the span about to start, and random ones when none was planned.
 */
export class PlannedIds implements IdGenerator {
  private traceId: string | null = null;
  private spanId: string | null = null;

  plan(traceId: string | null, spanId: string): void {
    this.traceId = traceId;
    this.spanId = spanId;
  }

  generateTraceId(): string {
    const id = this.traceId ?? crypto.randomBytes(16).toString('hex');
    this.traceId = null;
    return id;
  }

  generateSpanId(): string {
    const id = this.spanId ?? crypto.randomBytes(8).toString('hex');
    this.spanId = null;
    return id;
  }
}
