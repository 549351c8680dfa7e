import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

/**
 * A local OTLP/HTTP trace receiver on loopback for tests: it decodes protobuf bodies with the official
 * OpenTelemetry protobuf definitions (the static code protobufjs generated from opentelemetry-proto, shipped in
 * @opentelemetry/otlp-transformer 0.216, installed as the dev dependency `otlp-proto-decoder`) and JSON bodies as
 * OTLP/JSON, into one flat list of spans.
 */
export type AttrValue = string | number | boolean | AttrValue[] | null;

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startMs: number;
  endMs: number;
  attributes: Record<string, AttrValue>;
  statusCode: number;
  resource: Record<string, AttrValue>;
}

export interface Receiver {
  url: string;
  spans: ReceivedSpan[];
  requests: { path: string; contentType: string; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

interface ProtoMessage {
  decode(buf: Uint8Array): unknown;
  toObject(m: unknown, o: Record<string, unknown>): Record<string, unknown>;
}
const require = createRequire(import.meta.url);
const root = require('otlp-proto-decoder/build/src/generated/root.js') as {
  opentelemetry: { proto: { collector: { trace: { v1: { ExportTraceServiceRequest: ProtoMessage } } } } };
};
const Request = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

type AnyValueObj = Record<string, unknown>;

function anyValue(v: AnyValueObj | undefined): AttrValue {
  if (!v) return null;
  if ('stringValue' in v) return String(v['stringValue']);
  if ('boolValue' in v) return Boolean(v['boolValue']);
  if ('intValue' in v) return Number(v['intValue']);
  if ('doubleValue' in v) return Number(v['doubleValue']);
  if ('arrayValue' in v) return ((v['arrayValue'] as { values?: AnyValueObj[] }).values ?? []).map(anyValue);
  return null;
}

function attrs(list: unknown): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const kv of (list as { key: string; value?: AnyValueObj }[] | undefined) ?? []) out[kv.key] = anyValue(kv.value);
  return out;
}

const hex = (v: unknown): string => (typeof v === 'string' ? v : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : '');
const nsToMs = (v: unknown): number => Number(BigInt(String(v ?? '0')) / 1_000_000n);

/** The spans of an export request, whichever encoding it came in (ids as hex either way). */
function flatten(req: Record<string, unknown>): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const rs of (req['resourceSpans'] as Record<string, unknown>[] | undefined) ?? []) {
    const resource = attrs((rs['resource'] as { attributes?: unknown } | undefined)?.attributes);
    for (const ss of (rs['scopeSpans'] as Record<string, unknown>[] | undefined) ?? []) {
      for (const s of (ss['spans'] as Record<string, unknown>[] | undefined) ?? []) {
        out.push({
          traceId: hex(s['traceId']),
          spanId: hex(s['spanId']),
          parentSpanId: hex(s['parentSpanId']),
          name: String(s['name']),
          kind: Number(s['kind'] ?? 0),
          startMs: nsToMs(s['startTimeUnixNano']),
          endMs: nsToMs(s['endTimeUnixNano']),
          attributes: attrs(s['attributes']),
          statusCode: Number((s['status'] as { code?: number } | undefined)?.code ?? 0),
          resource,
        });
      }
    }
  }
  return out;
}

export async function startReceiver(opts: { status?: number } = {}): Promise<Receiver> {
  const spans: ReceivedSpan[] = [];
  const requests: Receiver['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const contentType = String(req.headers['content-type'] ?? '');
      requests.push({ path: req.url ?? '', contentType, headers: req.headers });
      if (opts.status && opts.status !== 200) {
        res.writeHead(opts.status).end();
        return;
      }
      const decoded = contentType.includes('json')
        ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>)
        : Request.toObject(Request.decode(body), { longs: String, bytes: String, defaults: false, arrays: true, oneofs: false });
      // protobufjs renders bytes as base64 with `bytes: String`: ids back to hex
      if (!contentType.includes('json')) {
        for (const rs of (decoded['resourceSpans'] as Record<string, unknown>[] | undefined) ?? [])
          for (const ss of (rs['scopeSpans'] as Record<string, unknown>[] | undefined) ?? [])
            for (const s of (ss['spans'] as Record<string, unknown>[] | undefined) ?? [])
              for (const k of ['traceId', 'spanId', 'parentSpanId']) s[k] = Buffer.from(String(s[k] ?? ''), 'base64').toString('hex');
      }
      spans.push(...flatten(decoded));
      res.writeHead(200, { 'content-type': contentType.includes('json') ? 'application/json' : 'application/x-protobuf' }).end(contentType.includes('json') ? '{}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
