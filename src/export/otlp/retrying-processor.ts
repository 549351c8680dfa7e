import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { exportSpans } from './pipeline.js';

export interface RetryingOptions {
  /** spans kept while the collector is away; the oldest are dropped beyond it (bounded memory) */
  maxQueue?: number;
  maxBatch?: number;
  intervalMs?: number;
  /** first retry delay, doubled on each failure up to maxBackoffMs */
  backoffMs?: number;
  maxBackoffMs?: number;
  log: (message: string) => void;
}

/**
 * A batching span processor for live streaming: spans are queued as they end (nothing else happens on the caller's
 * path), sent in batches from a timer, and kept on failure to be retried with exponential backoff. The queue is
 * bounded (oldest dropped and counted), the timer never keeps the process alive, a dead collector is logged once per
 * outage and once when it comes back.
 */
export class RetryingBatchProcessor implements SpanProcessor {
  private queue: ReadableSpan[] = [];
  private sending = false;
  private failures = 0;
  private nextTryAt = 0;
  private timer: NodeJS.Timeout;
  dropped = 0;
  sent = 0;
  private readonly maxQueue: number;
  private readonly maxBatch: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(
    private readonly exporter: SpanExporter,
    private readonly o: RetryingOptions,
  ) {
    this.maxQueue = o.maxQueue ?? 2048;
    this.maxBatch = o.maxBatch ?? 256;
    this.backoffMs = o.backoffMs ?? 1000;
    this.maxBackoffMs = o.maxBackoffMs ?? 30_000;
    this.timer = setInterval(() => void this.tick(), o.intervalMs ?? 1000);
    this.timer.unref();
  }

  onStart(_span: Span, _ctx: Context): void {
    // spans are queued when they end
  }

  onEnd(span: ReadableSpan): void {
    this.queue.push(span);
    if (this.queue.length > this.maxQueue) {
      const over = this.queue.length - this.maxQueue;
      this.queue.splice(0, over);
      this.dropped += over;
    }
    if (this.queue.length >= this.maxBatch) void this.tick();
  }

  /** One batch, unless one is in flight or the backoff says wait. */
  private async tick(): Promise<void> {
    if (this.sending || this.queue.length === 0 || Date.now() < this.nextTryAt) return;
    await this.sendBatch();
  }

  private async sendBatch(): Promise<boolean> {
    this.sending = true;
    const batch = this.queue.slice(0, this.maxBatch);
    try {
      const failed = await exportSpans(this.exporter, batch);
      if (failed === null) {
        this.queue.splice(0, batch.length);
        this.sent += batch.length;
        if (this.failures > 0) this.o.log(`OTLP collector reachable again after ${this.failures} failed attempt(s)`);
        this.failures = 0;
        this.nextTryAt = 0;
        return true;
      }
      this.failures++;
      const delay = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (this.failures - 1));
      this.nextTryAt = Date.now() + delay;
      if (this.failures === 1) this.o.log(`OTLP export failed (${failed}); ${this.queue.length} span(s) kept, retrying with backoff`);
      return false;
    } finally {
      this.sending = false;
    }
  }

  /** Sends what is queued now, within the deadline, ignoring the backoff (one attempt per batch). */
  async forceFlush(deadlineMs = 3000): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    while (this.queue.length > 0 && Date.now() < deadline) {
      if (this.sending) {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      const ok = await Promise.race([this.sendBatch(), new Promise<false>((r) => setTimeout(() => r(false), Math.max(0, deadline - Date.now())).unref())]);
      if (!ok) break;
    }
  }

  async shutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.forceFlush();
    const lost = this.queue.length + this.dropped;
    if (lost > 0) this.o.log(`OTLP: ${lost} span(s) could not be delivered (${this.sent} sent)`);
    this.queue = [];
    await Promise.race([this.exporter.shutdown(), new Promise((r) => setTimeout(r, 1000).unref())]);
  }
}
