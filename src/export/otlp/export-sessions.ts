import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { compileSession } from '../../compile/compile-session.js';
import type { PriceTable } from '../../compile/pricing/rates.js';
import type { Db } from '../../store/db.js';
import { listCalls } from '../../store/calls-repo.js';
import { createExporter, exportSpans, SpanEmitter, type OtlpTarget } from './pipeline.js';
import { planSession, type PlanOptions } from './plan.js';

export class OtlpExportError extends Error {}

/** Keeps ended spans until they are exported in one request per session (or per 1,000 spans). */
class CollectingProcessor implements SpanProcessor {
  spans: ReadableSpan[] = [];
  onStart(_span: Span, _ctx: Context): void {
    // nothing to do when a span starts: it is collected when it ends
  }
  onEnd(span: ReadableSpan): void {
    this.spans.push(span);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
  take(): ReadableSpan[] {
    const out = this.spans;
    this.spans = [];
    return out;
  }
}

const MAX_SPANS_PER_REQUEST = 1000;

export interface ExportResult {
  sessions: number;
  spans: number;
}

/**
 * `clawtrace export otlp`: each session compiled, planned as GenAI spans and sent with the official OTLP/HTTP
 * exporter (protobuf or JSON). A collector that refuses or cannot be reached stops the export with its reason.
 */
export async function exportSessionsOtlp(
  db: Db,
  sessionIds: readonly string[],
  table: PriceTable,
  target: OtlpTarget,
  opts: PlanOptions,
  version: string,
): Promise<ExportResult> {
  const processor = new CollectingProcessor();
  const emitter = new SpanEmitter(processor, version);
  const exporter = createExporter(target);
  const result: ExportResult = { sessions: 0, spans: 0 };
  try {
    for (const id of sessionIds) {
      const compiled = compileSession(db, id, table);
      emitter.emit(planSession(compiled, listCalls(db, id), opts));
      const spans = processor.take();
      for (let i = 0; i < spans.length; i += MAX_SPANS_PER_REQUEST) {
        const failed = await exportSpans(exporter, spans.slice(i, i + MAX_SPANS_PER_REQUEST));
        if (failed !== null) throw new OtlpExportError(`sending session ${id} failed after ${result.sessions} session(s): ${failed}`);
      }
      result.sessions++;
      result.spans += spans.length;
    }
  } finally {
    await emitter.shutdown();
    await exporter.shutdown();
  }
  return result;
}
