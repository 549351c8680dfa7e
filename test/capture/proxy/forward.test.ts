import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';
import { startProxy, type RecorderProxy } from '../../../src/capture/proxy/server.js';
import type { ForwardedExchange } from '../../../src/capture/proxy/forward.js';
import { routeFromBaseUrl } from '../../../src/capture/proxy/routes.js';
import { rawRequest, startUpstream, type TestUpstream } from '../../helpers/upstream.js';

async function withProxy(
  upstream: TestUpstream,
  fn: (proxy: RecorderProxy, seen: ForwardedExchange[], next: () => Promise<ForwardedExchange>) => Promise<void>,
): Promise<void> {
  const seen: ForwardedExchange[] = [];
  const waiters: ((x: ForwardedExchange) => void)[] = [];
  const proxy = await startProxy({
    routes: [routeFromBaseUrl('openai', `${upstream.url}/v1`)],
    onExchange: (x) => {
      seen.push(x);
      waiters.shift()?.(x);
    },
  });
  const next = (): Promise<ForwardedExchange> =>
    seen.length > waiters.length ? Promise.resolve(seen[waiters.length] as ForwardedExchange) : new Promise((r) => waiters.push(r));
  try {
    await fn(proxy, seen, next);
  } finally {
    await proxy.close();
    await upstream.close();
  }
}

test('forwards method, path, query and body unchanged and returns the response byte for byte', async () => {
  const upstream = await startUpstream((_req, res) => {
    res.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'req_1', 'set-cookie': ['a=1', 'b=2'] });
    res.end('{"ok":true,"n":1}');
  });
  await withProxy(upstream, async (proxy, _seen, next) => {
    const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hé' }] });
    const res = await rawRequest(`${proxy.baseUrl('openai')}/chat/completions?x=1&y=%20`, {
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test-123', 'x-custom': 'v' },
      body,
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.toString(), '{"ok":true,"n":1}');
    assert.equal(res.headers['x-request-id'], 'req_1');
    assert.deepEqual(res.headers['set-cookie'], ['a=1', 'b=2']);
    const got = upstream.seen[0];
    assert.ok(got);
    assert.equal(got.method, 'POST');
    assert.equal(got.url, '/v1/chat/completions?x=1&y=%20');
    assert.equal(got.body.toString(), body);
    assert.equal(got.headers['authorization'], 'Bearer sk-test-123', 'credentials reach the upstream');
    assert.equal(got.headers['x-custom'], 'v');
    assert.equal(got.headers['host'], new URL(upstream.url).host);
    const x = await next();
    assert.equal(x.outcome, 'complete');
    assert.equal(x.status, 201);
    assert.equal(x.requestBody.bytes().toString(), body);
    assert.equal(x.responseBody.bytes().toString(), '{"ok":true,"n":1}');
    assert.ok(x.firstByteAt !== null && x.firstByteAt >= x.startedAt && x.endedAt >= x.firstByteAt);
  });
});

test('streams: the client gets the first event before the upstream has finished', async () => {
  let release: () => void = () => undefined;
  const released = new Promise<void>((r) => (release = r));
  const upstream = await startUpstream((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: first\n\n');
    void released.then(() => res.end('data: last\n\n'));
  });
  await withProxy(upstream, async (proxy, _seen, next) => {
    const firstChunk = await new Promise<string>((resolve, reject) => {
      const req = http.request(`${proxy.baseUrl('openai')}/chat/completions`, { method: 'POST' }, (res) => {
        res.once('data', (c: Buffer) => {
          resolve(c.toString());
          release();
          res.resume();
        });
      });
      req.on('error', reject);
      req.end('{}');
    });
    assert.equal(firstChunk, 'data: first\n\n');
    const x = await next();
    assert.equal(x.responseBody.bytes().toString(), 'data: first\n\ndata: last\n\n');
  });
});

test('compressed responses are passed on compressed, not decoded', async () => {
  const gz = zlib.gzipSync(Buffer.from('{"hello":"world"}'));
  const upstream = await startUpstream((_req, res) => {
    res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' });
    res.end(gz);
  });
  await withProxy(upstream, async (proxy, _seen, next) => {
    const res = await rawRequest(`${proxy.baseUrl('openai')}/responses`, { body: '{}' });
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.deepEqual(res.body, gz);
    assert.deepEqual((await next()).responseBody.bytes(), gz);
  });
});

test('upstream errors reach the client as they are (429 with its body and headers)', async () => {
  const upstream = await startUpstream((_req, res) => {
    res.writeHead(429, { 'retry-after': '7', 'content-type': 'application/json' });
    res.end('{"error":{"message":"slow down"}}');
  });
  await withProxy(upstream, async (proxy, _seen, next) => {
    const res = await rawRequest(`${proxy.baseUrl('openai')}/chat/completions`, { body: '{}' });
    assert.equal(res.status, 429);
    assert.equal(res.headers['retry-after'], '7');
    assert.equal(res.body.toString(), '{"error":{"message":"slow down"}}');
    const x = await next();
    assert.equal(x.status, 429);
    assert.equal(x.outcome, 'complete');
  });
});

test('a reset mid-stream reaches the client as a broken stream and is recorded with what arrived', async () => {
  const upstream = await startUpstream((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: partial\n\n', () => setTimeout(() => res.socket?.destroy(), 20));
  });
  await withProxy(upstream, async (proxy, _seen, next) => {
    await assert.rejects(rawRequest(`${proxy.baseUrl('openai')}/chat/completions`, { body: '{}' }));
    const x = await next();
    assert.equal(x.outcome, 'upstream_reset');
    assert.equal(x.responseBody.bytes().toString(), 'data: partial\n\n');
  });
});

test('an unreachable upstream looks like a connection error to the client', async () => {
  const dead = await startUpstream(() => undefined);
  await dead.close(); // its port is now closed
  const upstream = await startUpstream(() => undefined);
  const proxy = await startProxy({ routes: [routeFromBaseUrl('openai', `${dead.url}/v1`)], onExchange: () => undefined });
  try {
    await assert.rejects(rawRequest(`${proxy.baseUrl('openai')}/chat/completions`, { body: '{}' }));
  } finally {
    await proxy.close();
    await upstream.close();
  }
});

test('a client abort cancels the upstream request and is recorded as client_aborted', async () => {
  const upstream = await startUpstream((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: one\n\n'); // and never ends
  });
  await withProxy(upstream, async (proxy, _seen, next) => {
    await new Promise<void>((resolve) => {
      const req = http.request(`${proxy.baseUrl('openai')}/chat/completions`, { method: 'POST' }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => undefined);
      req.end('{}');
    });
    await upstream.closedEarly;
    const x = await next();
    assert.equal(x.outcome, 'client_aborted');
    assert.equal(x.responseBody.bytes().toString(), 'data: one\n\n');
  });
});

test('requests without the secret prefix are not forwarded', async () => {
  const upstream = await startUpstream((_req, res) => res.end('should not be reached'));
  await withProxy(upstream, async (proxy) => {
    const res = await rawRequest(`http://127.0.0.1:${proxy.port}/openai/v1/chat/completions`, { body: '{}' });
    assert.equal(res.status, 404);
    const wrong = await rawRequest(`http://127.0.0.1:${proxy.port}/__clawtrace_deadbeef/openai/v1/x`, { body: '{}' });
    assert.equal(wrong.status, 404);
    assert.equal(upstream.seen.length, 0);
  });
});

test('websocket upgrades are refused cleanly', async () => {
  const upstream = await startUpstream((_req, res) => res.end());
  await withProxy(upstream, async (proxy) => {
    const reply = await new Promise<string>((resolve, reject) => {
      const s = net.connect(proxy.port, '127.0.0.1', () => {
        s.write(
          `GET ${proxy.prefix}/openai/v1/responses HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
            'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
        );
      });
      let data = '';
      s.on('data', (c: Buffer) => (data += c.toString()));
      s.on('end', () => resolve(data));
      s.on('error', reject);
    });
    assert.match(reply, /^HTTP\/1\.1 501 /);
    assert.equal(upstream.seen.length, 0);
  });
});

test('a 10 MB response arrives identical; the stored copy keeps head and tail and counts the rest', async () => {
  const big = crypto.randomBytes(10 * 1024 * 1024);
  const upstream = await startUpstream((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(big);
  });
  await withProxy(upstream, async (proxy, _seen, next) => {
    const res = await rawRequest(`${proxy.baseUrl('openai')}/responses`, { body: '{}' });
    assert.equal(crypto.createHash('sha256').update(res.body).digest('hex'), crypto.createHash('sha256').update(big).digest('hex'));
    const x = await next();
    assert.equal(x.responseBody.totalBytes, big.length);
    const kept = x.responseBody.bytes();
    assert.equal(kept.length + x.responseBody.omittedBytes, big.length);
    assert.ok(kept.length <= 3 * 1024 * 1024, 'bounded memory per exchange');
    assert.deepEqual(kept.subarray(0, 1024), big.subarray(0, 1024), 'the head is kept');
    assert.deepEqual(kept.subarray(kept.length - 1024), big.subarray(big.length - 1024), 'the tail is kept');
  });
});
