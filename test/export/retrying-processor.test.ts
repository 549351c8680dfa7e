import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createExporter, SpanEmitter } from '../../src/export/otlp/pipeline.js';
import { RetryingBatchProcessor } from '../../src/export/otlp/retrying-processor.js';
import type { SpanSpec } from '../../src/export/otlp/plan.js';
import { spanIdFor, traceIdFor } from '../../src/export/otlp/ids.js';
import { deadPort } from '../helpers/upstream.js';

function spans(n: number): SpanSpec[] {
  return Array.from({ length: n }, (_, i) => ({ spanId: spanIdFor('s', `x${i}`), parentSpanId: null, name: `chat ${i}`, start: 1000 + i, end: 2000 + i, attributes: { i }, error: null }));
}

test('the live processor keeps at most maxQueue spans while the collector is down, retries with backoff, and delivers when it is back', async () => {
  const port = await deadPort();
  const logs: string[] = [];
  const exporter = createExporter({ endpoint: `http://127.0.0.1:${port}`, headers: {}, protocol: 'http/json', timeoutMs: 1000 });
  const processor = new RetryingBatchProcessor(exporter, { maxQueue: 10, maxBatch: 50, intervalMs: 30, backoffMs: 40, maxBackoffMs: 160, log: (m) => logs.push(m) });
  const emitter = new SpanEmitter(processor, 'test');
  // one span per call, as the recorder ends them
  for (const s of spans(100)) emitter.emit({ traceId: traceIdFor('s'), spans: [s] });
  assert.equal(processor.dropped, 90, 'bounded: the oldest spans beyond the queue are dropped and counted');
  // the first failed export (on a loaded CI machine the HTTP client's first use can take a second)
  for (let i = 0; i < 250 && logs.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(logs.filter((l) => /OTLP export failed/.test(l)).length, 1, 'one log line per outage');

  // the collector comes up on the same port: the kept spans are delivered on a later retry
  const got: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { resourceSpans: { scopeSpans: { spans: { attributes: { value: { intValue: string } }[] }[] }[] }[] };
      for (const rs of body.resourceSpans) for (const ss of rs.scopeSpans) for (const s of ss.spans) got.push(Number(s.attributes[0]?.value.intValue));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  try {
    // the processor counts a batch once the collector has answered it
    for (let i = 0; i < 150 && processor.sent < 10; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(got.sort((a, b) => a - b), [90, 91, 92, 93, 94, 95, 96, 97, 98, 99], 'the newest ten, once each');
    assert.ok(logs.some((l) => /reachable again/.test(l)));
    await emitter.shutdown();
    assert.equal(processor.sent, 10);
  } finally {
    await new Promise((r) => server.close(r));
  }
});
