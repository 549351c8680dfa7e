import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { parseSse } from '../../../src/capture/wire/sse.js';
import { decodeBody } from '../../../src/capture/wire/decode-body.js';
import { hintsFromHeaders } from '../../../src/capture/wire/headers-hints.js';

test('SSE: CRLF, comments, multi-line data, a final event without its blank line', () => {
  const r = parseSse(': keep-alive\r\nevent: a\r\ndata: one\r\ndata: two\r\n\r\ndata:three\n\ndata: cut');
  assert.deepEqual(r.events.map((e) => [e.event, e.data]), [['a', 'one\ntwo'], [null, 'three'], [null, 'cut']]);
  assert.equal(r.truncated, true);
});

test('decoding: gzip, br, deflate, stacked, truncated and unknown encodings never throw', () => {
  const text = Buffer.from('{"hello":"world"}'.repeat(50));
  assert.deepEqual(decodeBody(zlib.gzipSync(text), 'gzip').body, text);
  assert.deepEqual(decodeBody(zlib.brotliCompressSync(text), 'br').body, text);
  assert.deepEqual(decodeBody(zlib.deflateSync(text), 'deflate').body, text);
  assert.deepEqual(decodeBody(zlib.deflateRawSync(text), 'deflate').body, text);
  assert.deepEqual(decodeBody(zlib.brotliCompressSync(zlib.gzipSync(text)), 'gzip, br').body, text);
  const gz = zlib.gzipSync(text);
  const cut = decodeBody(gz.subarray(0, gz.length - 10), 'gzip');
  assert.ok(cut.body.length > 0 && cut.body.length <= text.length, 'a truncated stream gives what decoded');
  const unknown = decodeBody(text, 'snappy');
  assert.match(unknown.error ?? '', /unknown content-encoding/);
  assert.deepEqual(unknown.body, text);
});

test('header hints per client', () => {
  assert.deepEqual(hintsFromHeaders({ 'x-claude-code-session-id': 's1', 'x-claude-code-agent-id': 'ag1' }), { sessionKey: 's1', threadId: 'ag1' });
  assert.deepEqual(hintsFromHeaders({ 'session-id': 's', 'thread-id': 't2', 'x-codex-parent-thread-id': 't1', 'x-openai-subagent': 'review' }), {
    sessionKey: 's',
    threadId: 't2',
    parentThreadId: 't1',
    agentLabel: 'review',
  });
  assert.deepEqual(hintsFromHeaders({ 'x-session-id': 'o2', 'x-parent-session-id': 'o1' }), { threadId: 'o2', parentThreadId: 'o1' });
});
