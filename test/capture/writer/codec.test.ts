import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BodyCapture } from '../../../src/capture/proxy/body-capture.js';
import type { ForwardedExchange } from '../../../src/capture/proxy/forward.js';
import { ExchangePacker, unpack } from '../../../src/capture/writer/codec.js';

function body(parts: string[], head = 2 * 1024 * 1024, tail = 1024 * 1024): BodyCapture {
  const b = new BodyCapture(head, tail);
  for (const p of parts) b.push(Buffer.from(p, 'latin1'));
  return b;
}

function exchange(over: Partial<ForwardedExchange> = {}): ForwardedExchange {
  return {
    route: { name: 'openai', origin: 'https://api.example.com', basePath: '/v1' } as ForwardedExchange['route'],
    method: 'POST',
    path: '/v1/chat/completions?key=k',
    upstreamUrl: 'https://api.example.com/v1/chat/completions?key=k',
    requestRawHeaders: ['Content-Type', 'application/json', 'X-Odd', 'caf\u00e9 \u00ff', 'Authorization', 'Bearer sk-1'],
    requestBody: body(['{"model":', '"m"}']),
    status: 200,
    responseRawHeaders: ['content-type', 'text/event-stream'],
    responseBody: body(['data: 1\n\n', 'data: 2\n\n']),
    startedAt: 1700000000123.5,
    firstByteAt: 1700000000150,
    endedAt: 1700000000200,
    outcome: 'complete',
    errorText: null,
    guardTicket: null,
    client: { connection: 1, shellToken: null },
    ...over,
  };
}

test('an exchange comes back from the packed buffer exactly as the proxy saw it', () => {
  const p = new ExchangePacker();
  const a = exchange();
  const b = exchange({ status: null, firstByteAt: null, outcome: 'upstream_unreachable', errorText: 'connect ECONNREFUSED \u2014 \u{1F600}', responseRawHeaders: [], responseBody: body([]) });
  p.add(7, false, 'sess', 3, a);
  p.add(9, true, 'sess', 4, b);
  const packed = p.take();
  assert.ok(packed);
  assert.equal(p.take(), null, 'the packer starts over');
  const [x, y] = unpack(packed.buffer, packed.bytes);
  assert.ok(x && y);
  assert.deepEqual([x.ticket, x.wantCall, y.ticket, y.wantCall], [7, false, 9, true]);
  assert.equal(x.x.sessionId, 'sess');
  assert.equal(x.x.seq, 3);
  assert.equal(x.x.path, a.path);
  assert.equal(x.x.origin, 'https://api.example.com');
  assert.deepEqual(x.x.requestRawHeaders, a.requestRawHeaders);
  assert.equal(Buffer.from(x.x.requestBody).toString(), '{"model":"m"}');
  assert.equal(Buffer.from(x.x.responseBody).toString(), 'data: 1\n\ndata: 2\n\n');
  assert.deepEqual([x.x.status, x.x.startedAt, x.x.firstByteAt, x.x.endedAt, x.x.outcome, x.x.errorText], [200, a.startedAt, a.firstByteAt, a.endedAt, 'complete', null]);
  assert.deepEqual([y.x.status, y.x.firstByteAt, y.x.outcome, y.x.errorText], [null, null, 'upstream_unreachable', b.errorText]);
  assert.deepEqual(y.x.responseRawHeaders, []);
  assert.equal(y.x.responseBody.length, 0);
});

test('bodies larger than the buffer grow it; a cut middle is counted, the head and tail kept', () => {
  const p = new ExchangePacker();
  const big = 'x'.repeat(100_000);
  const cut = body(['HEAD', 'y'.repeat(50_000), 'TAIL'], 4, 4);
  p.add(1, false, 's', 1, exchange({ requestBody: body([big]) }));
  p.add(2, false, 's', 2, exchange({ responseBody: cut }));
  const packed = p.take();
  assert.ok(packed);
  const out = unpack(packed.buffer, packed.bytes);
  assert.equal(out.length, 2);
  assert.equal(Buffer.from(out[0]?.x.requestBody ?? []).toString(), big);
  assert.equal(Buffer.from(out[1]?.x.responseBody ?? []).toString(), 'HEADTAIL');
  assert.equal(out[1]?.x.responseBytes, 50_008);
  assert.equal(out[1]?.x.responseOmittedBytes, 50_000);
  assert.equal(out[1]?.x.requestBytes, 13);
});
