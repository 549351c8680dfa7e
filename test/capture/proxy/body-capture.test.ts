import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BodyCapture } from '../../../src/capture/proxy/body-capture.js';

test('keeps everything while under the head limit', () => {
  const c = new BodyCapture(10, 4);
  c.push(Buffer.from('abc'));
  c.push(Buffer.from('def'));
  assert.equal(c.bytes().toString(), 'abcdef');
  assert.equal(c.omittedBytes, 0);
  assert.equal(c.totalBytes, 6);
});

test('keeps head and tail of a huge body and counts the dropped middle', () => {
  const c = new BodyCapture(4, 3);
  for (const part of ['ab', 'cdef', 'ghij', 'kl']) c.push(Buffer.from(part));
  // head = abcd, tail = last 3 bytes of "efghijkl" = jkl
  assert.equal(c.bytes().toString(), 'abcdjkl');
  assert.equal(c.totalBytes, 12);
  assert.equal(c.omittedBytes, 5);
  assert.equal(c.bytes().length + c.omittedBytes, c.totalBytes);
});
