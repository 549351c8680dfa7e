import type { Attributes } from '@opentelemetry/api';
import type { Exchange } from '../../domain/exchange.js';
import type { NormalizedCall } from '../../domain/llm-call.js';
import { maskSecrets } from '../../compile/card/mask-secrets.js';
import { CLAWTRACE, GENAI, OPERATION, providerName, usageAttributes } from './attributes.js';
import { spanIdFor, traceIdFor } from './ids.js';
import { createExporter, SpanEmitter, type OtlpProtocol } from './pipeline.js';
import type { SpanSpec } from './plan.js';
import { RetryingBatchProcessor } from './retrying-processor.js';
import { clawtraceVersion } from '../../util/version.js';

export interface LiveOtlpOptions {
  endpoint: string;
  /** extra headers (OTEL_EXPORTER_OTLP_HEADERS is read by the exporter as well) */
  headers?: Record<string, string>;
  protocol?: OtlpProtocol;
  /** prices a call for its clawtrace.cost.usd; null = unpriced */
  price?: (call: NormalizedCall) => number | null;
  /** where failures go (the recorder log): never the agent's terminal */
  log: (message: string) => void;
  version?: string;
  maxQueue?: number;
}

export interface LiveSessionInfo {
  agentName?: string | null;
  label?: string | null;
  outcome?: string | null;
}

/** What the recorder calls: a listener for each stored call, and close() when the run ends. */
export interface LiveOtlp {
  /** the recorder's call listener: cheap, never throws (spans are queued and sent from a timer) */
  onCallStored(call: NormalizedCall, exchange: Pick<Exchange, 'sessionId' | 'seq' | 'startedAt' | 'endedAt'>): void;
  /** sends each session's invoke_agent span and what is still queued (bounded wait), then stops */
  close(describe?: (sessionId: string) => LiveSessionInfo | null): Promise<void>;
  readonly stats: { sent: number; dropped: number };
}

interface LiveSession {
  traceId: string;
  rootId: string;
  start: number;
  end: number;
  calls: number;
  costUsd: number;
  unpriced: number;
  estimated: number;
  /** tool calls asked for and not yet answered: id → where and when */
  pending: Map<string, { name: string; chatSpanId: string; at: number }>;
}

/**
 * Streams calls as OTLP spans while an agent runs (`record --otlp`, `proxy --otlp`): a `chat` span per call as it is
 * stored and an `execute_tool` span when a tool's result comes back, under one `invoke_agent` span per session sent
 * at close. The live trace is its own (`clawtrace.live`), apart from the compiled tree `export otlp` sends later.
 * Off the request path, batched, bounded, retried with backoff; a dead collector is only logged.
 */
export function createLiveOtlp(o: LiveOtlpOptions): LiveOtlp {
  const exporter = createExporter({ endpoint: o.endpoint, headers: o.headers ?? {}, protocol: o.protocol ?? 'http/protobuf', timeoutMs: 5000 });
  const processor = new RetryingBatchProcessor(exporter, { log: o.log, ...(o.maxQueue ? { maxQueue: o.maxQueue } : {}) });
  const emitter = new SpanEmitter(processor, o.version ?? clawtraceVersion());
  const sessions = new Map<string, LiveSession>();

  const sessionOf = (id: string, at: number): LiveSession => {
    let s = sessions.get(id);
    if (!s) {
      s = { traceId: traceIdFor(`live:${id}`), rootId: spanIdFor(`live:${id}`, 'session'), start: at, end: at, calls: 0, costUsd: 0, unpriced: 0, estimated: 0, pending: new Map() };
      sessions.set(id, s);
    }
    return s;
  };

  const onCallStored: LiveOtlp['onCallStored'] = (call, x) => {
    try {
      const s = sessionOf(x.sessionId, x.startedAt);
      const end = x.endedAt ?? x.startedAt;
      s.start = Math.min(s.start, x.startedAt);
      s.end = Math.max(s.end, end);
      s.calls++;
      const usd = o.price ? o.price(call) : null;
      if (usd === null) s.unpriced++;
      else s.costUsd += usd;
      if (call.usage?.estimated) s.estimated++;
      const chatId = spanIdFor(`live:${x.sessionId}`, `call:${x.seq}`);
      const attributes: Attributes = {
        [GENAI.operation]: OPERATION.chat,
        [GENAI.provider]: providerName(call.provider),
        ...(call.modelRequested ? { [GENAI.requestModel]: call.modelRequested } : {}),
        ...(call.model ? { [GENAI.responseModel]: call.model } : {}),
        ...(call.usage ? usageAttributes(call.usage) : {}),
        ...(call.stopReason ? { [GENAI.finishReasons]: [call.stopReason] } : {}),
        ...(call.error ? { [GENAI.errorType]: call.error.type ?? String(call.error.status ?? 'error') } : {}),
        [GENAI.conversationId]: x.sessionId,
        [CLAWTRACE.sessionId]: x.sessionId,
        ...(usd === null ? { [CLAWTRACE.unpriced]: true } : { [CLAWTRACE.costUsd]: usd }),
        [CLAWTRACE.estimated]: call.usage?.estimated ?? false,
        ...(call.hints.auxiliary ? { [CLAWTRACE.auxiliary]: call.hints.auxiliary } : {}),
        'clawtrace.live': true,
      };
      const spans: SpanSpec[] = [
        { spanId: chatId, parentSpanId: s.rootId, name: `${OPERATION.chat} ${call.model ?? call.modelRequested ?? 'unknown'}`, start: x.startedAt, end, attributes, error: call.error ? (call.error.type ?? 'error') : null },
      ];
      for (const r of call.request.toolResults) {
        const p = s.pending.get(r.toolCallId);
        if (!p) continue;
        s.pending.delete(r.toolCallId);
        spans.push({
          spanId: spanIdFor(`live:${x.sessionId}`, `tool:${r.toolCallId}`),
          parentSpanId: p.chatSpanId,
          name: `${OPERATION.executeTool} ${p.name}`,
          start: p.at,
          end: Math.max(p.at, x.startedAt),
          error: r.isError ? 'tool_error' : null,
          attributes: { [GENAI.operation]: OPERATION.executeTool, [GENAI.toolName]: p.name, [GENAI.toolCallId]: r.toolCallId, [GENAI.conversationId]: x.sessionId, 'clawtrace.live': true },
        });
      }
      for (const t of call.toolCalls) s.pending.set(t.id, { name: t.name, chatSpanId: chatId, at: end });
      emitter.emit({ traceId: s.traceId, spans });
    } catch (err) {
      o.log(`OTLP live span for call ${x.seq}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  return {
    onCallStored,
    stats: {
      get sent() {
        return processor.sent;
      },
      get dropped() {
        return processor.dropped;
      },
    },
    async close(describe) {
      try {
        for (const [id, s] of sessions) {
          const info = describe?.(id) ?? null;
          const name = info?.agentName ?? 'agent';
          emitter.emit({
            traceId: s.traceId,
            spans: [
              {
                spanId: s.rootId,
                parentSpanId: null,
                name: `${OPERATION.invokeAgent} ${name}`,
                start: s.start,
                end: s.end,
                error: info?.outcome === 'failure' ? 'failure' : null,
                attributes: {
                  [GENAI.operation]: OPERATION.invokeAgent,
                  [GENAI.agentName]: name,
                  [GENAI.agentId]: 'main',
                  [GENAI.conversationId]: id,
                  [CLAWTRACE.sessionId]: id,
                  ...(info?.label ? { [CLAWTRACE.sessionLabel]: maskSecrets(info.label) } : {}),
                  ...(info?.outcome ? { [CLAWTRACE.outcome]: info.outcome } : {}),
                  [CLAWTRACE.costUsd]: s.costUsd,
                  [CLAWTRACE.unpricedCalls]: s.unpriced,
                  [CLAWTRACE.estimatedCalls]: s.estimated,
                  'clawtrace.live': true,
                },
              },
            ],
          });
        }
        await emitter.shutdown();
      } catch (err) {
        o.log(`OTLP live close: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}
