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

test('SSE: BOM, bare CR line ends, an event without data is not dispatched, id carries over, junk lines counted', () => {
  const r = parseSse('\uFEFFid: 7\revent: ping\r\rdata: a\rretry: 100\rnonsense line\r\revent: x\ndata:\n\n');
  assert.deepEqual(r.events, [
    { event: null, data: 'a', id: '7' },
    { event: 'x', data: '', id: '7' },
  ]);
  assert.equal(r.ignoredLines, 1);
  assert.equal(r.truncated, false);
});

test('SSE: a stream cut right after a data line (no blank line) still lists that event, flagged', () => {
  const r = parseSse('data: {"a":1}\n\ndata: {"b":2}\n');
  assert.deepEqual(r.events.map((e) => e.data), ['{"a":1}', '{"b":2}']);
  assert.equal(r.truncated, true);
});

/** A zstd frame of raw (stored) blocks: magic, single-segment header with a 1-byte content size, then the blocks. */
function zstdFrame(blocks: string[]): Buffer {
  const total = blocks.reduce((n, b) => n + b.length, 0);
  const parts = blocks.map((text, i) => {
    const header = (text.length << 3) | (i === blocks.length - 1 ? 1 : 0);
    return Buffer.concat([Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]), Buffer.from(text)]);
  });
  return Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x20, total]), ...parts]);
}

test('decoding: zstd whole and truncated (the blocks that arrived whole are kept)', () => {
  const frame = zstdFrame(['first block. ', 'second block.']);
  assert.deepEqual(decodeBody(frame, 'zstd'), { body: Buffer.from('first block. second block.'), error: null });
  assert.equal(decodeBody(frame.subarray(0, frame.length - 4), 'zstd').body.toString(), 'first block. ');
});

test('decoding: a corrupt gzip stream gives what decoded before the damage, with an error', () => {
  const text = Buffer.from(Array.from({ length: 4000 }, (_, i) => `data: {"n":${i * 7919}}\n\n`).join(''));
  const gz = zlib.gzipSync(text);
  const damaged = Buffer.from(gz);
  for (let i = 20; i < 40; i++) damaged[gz.length - i] = 0xff; // near the end: the head decodes
  const r = decodeBody(damaged, 'x-gzip');
  assert.notEqual(r.error, null);
  assert.ok(r.body.length > 50_000, `decoded ${r.body.length} of ${text.length} bytes`);
  // deflate has no block checksums: bytes decoded from the damaged region itself may be wrong, the head is right
  assert.deepEqual(r.body.subarray(0, 50_000), text.subarray(0, 50_000), 'the head of the original');
});

test('decoding: no encoding and identity pass through; unknown inside a stack stops there', () => {
  const raw = Buffer.from('plain');
  assert.deepEqual(decodeBody(raw, undefined), { body: raw, error: null });
  assert.deepEqual(decodeBody(raw, 'identity'), { body: raw, error: null });
  const r = decodeBody(zlib.gzipSync(raw), 'snappy, gzip');
  assert.deepEqual(r.body, raw, 'gzip (applied last) is undone first');
  assert.match(r.error ?? '', /snappy/);
});
