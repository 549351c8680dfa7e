import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Context, type Span } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, type ReadableSpan, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { OPERATION } from './attributes.js';
import { PlannedIds } from './ids.js';
import type { SessionPlan, SpanSpec } from './plan.js';

export type OtlpProtocol = 'http/protobuf' | 'http/json';
export const OTLP_PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json'];

export interface OtlpTarget {
  /** a collector's base URL (`/v1/traces` is added) or its full traces URL (ending in /v1/traces) */
  endpoint: string;
  headers: Record<string, string>;
  protocol: OtlpProtocol;
  timeoutMs?: number;
}

/**
 * The traces URL for an endpoint, read the way OTEL_EXPORTER_OTLP_ENDPOINT is: a base URL gets `/v1/traces`
 * appended (http://localhost:4318 → http://localhost:4318/v1/traces, Langfuse's …/api/public/otel → …/otel/v1/traces);
 * a URL already ending in /v1/traces is used as it is.
 */
export function tracesUrl(endpoint: string): string {
  const u = new URL(endpoint);
  if (!/\/v1\/traces\/?$/.test(u.pathname)) u.pathname = `${u.pathname.replace(/\/+$/, '')}/v1/traces`;
  return u.toString();
}

/** The official OTLP/HTTP exporter for the protocol asked for. */
export function createExporter(t: OtlpTarget): SpanExporter {
  const config = { url: tracesUrl(t.endpoint), headers: t.headers, timeoutMillis: t.timeoutMs ?? 10_000 };
  return t.protocol === 'http/json' ? new JsonExporter(config) : new ProtoExporter(config);
}

/** Sends spans with the exporter; resolves with null on success, else the reason it failed. */
export function exportSpans(exporter: SpanExporter, spans: ReadableSpan[]): Promise<string | null> {
  return new Promise((resolve) => {
    exporter.export(spans, (r) => {
      resolve(r.code === ExportResultCode.SUCCESS ? null : (r.error?.message ?? 'export failed'));
    });
  });
}

function kindOf(s: SpanSpec): SpanKind {
  return s.attributes['gen_ai.operation.name'] === OPERATION.chat ? SpanKind.CLIENT : SpanKind.INTERNAL;
}

/**
 * Turns span plans into SDK spans with the planned ids, start and end times, handing each ended span to the
 * processor. A plan whose parent is not in it (live spans under a session span sent later) is parented by id.
 */
export class SpanEmitter {
  private readonly ids = new PlannedIds();
  private readonly provider: BasicTracerProvider;

  constructor(processor: SpanProcessor, serviceVersion: string) {
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'clawtrace', [ATTR_SERVICE_VERSION]: serviceVersion }),
      idGenerator: this.ids,
      spanProcessors: [processor],
    });
  }

  emit(plan: SessionPlan): number {
    const tracer = this.provider.getTracer('clawtrace');
    const started = new Map<string, Span>();
    const order: Span[] = [];
    for (const s of plan.spans) {
      let ctx: Context = ROOT_CONTEXT;
      if (s.parentSpanId !== null) {
        const parent = started.get(s.parentSpanId);
        ctx = parent
          ? trace.setSpan(ROOT_CONTEXT, parent)
          : trace.setSpanContext(ROOT_CONTEXT, { traceId: plan.traceId, spanId: s.parentSpanId, traceFlags: TraceFlags.SAMPLED });
      }
      this.ids.plan(s.parentSpanId === null ? plan.traceId : null, s.spanId);
      const span = context.with(ctx, () => tracer.startSpan(s.name, { kind: kindOf(s), startTime: s.start, attributes: s.attributes }, ctx));
      if (s.error) span.setStatus({ code: SpanStatusCode.ERROR, message: s.error });
      started.set(s.spanId, span);
      order.push(span);
    }
    const ends = new Map(plan.spans.map((s) => [s.spanId, s.end]));
    for (const span of order.reverse()) span.end(ends.get(span.spanContext().spanId) ?? Date.now());
    return order.length;
  }

  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }
}
