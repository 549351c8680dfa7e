import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { canonicalJson, shortHash } from '../../src/util/hash.js';

// The way canonical JSON was made before it was written directly: a sorted copy (minus omitted keys), stringified.
// Stored hashes (system prompts, conversation heads) were made this way, so the new text must be the same.
function sortedCopy(value: unknown, omit: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => sortedCopy(v, omit));
  if (value !== null && typeof value === 'object') {
    const stripped: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!omit.has(k)) stripped[k] = v;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(stripped).sort()) out[k] = sortedCopy(stripped[k], omit);
    return out;
  }
  return value;
}

/** A seeded generator (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['a', 'b', 'Z', '10', '9', '0', '01', '-1', '4294967295', '4294967294', 'cache_control', '__proto__', 'é', '\u0000', 'type', 'text'];

function randomJson(r: () => number, depth: number): unknown {
  const pick = r();
  if (depth > 3 || pick < 0.35) {
    const leaves = [null, true, false, 0, -0, 1.5e300, -12, 'x', '"quoted"\n', '\u2028', 'ünï'];
    return leaves[Math.floor(r() * leaves.length)];
  }
  if (pick < 0.6) return Array.from({ length: Math.floor(r() * 4) }, () => randomJson(r, depth + 1));
  // built through JSON.parse, as request bodies are: `__proto__` is then an own key
  const entries = Array.from({ length: Math.floor(r() * 5) }, () => [KEYS[Math.floor(r() * KEYS.length)] ?? 'a', randomJson(r, depth + 1)]);
  return JSON.parse(`{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`) as unknown;
}

test('canonical JSON is exactly the text of a sorted copy, with and without omitted keys', () => {
  const r = rng(20261130);
  const omit = new Set(['cache_control']);
  for (let i = 0; i < 3000; i++) {
    const v = randomJson(r, 0);
    assert.equal(canonicalJson(v), JSON.stringify(sortedCopy(v, new Set())), JSON.stringify(v));
    assert.equal(canonicalJson(v, omit), JSON.stringify(sortedCopy(v, omit)), JSON.stringify(v));
  }
});

test('canonical JSON orders keys, drops undefined members as JSON.stringify does, and omits at every depth', () => {
  assert.equal(canonicalJson({ b: 1, a: [3, { d: 1, c: 2 }] }), '{"a":[3,{"c":2,"d":1}],"b":1}');
  assert.equal(canonicalJson({ b: undefined, a: [undefined, () => 1] }), '{"a":[null,null]}');
  assert.equal(canonicalJson({ '10': 0, '9': 0, a: 0 }), '{"9":0,"10":0,"a":0}');
  assert.equal(canonicalJson([{ cache_control: { type: 'ephemeral' }, text: 'hi' }], new Set(['cache_control'])), '[{"text":"hi"}]');
});

test('shortHash is the first 16 hex digits of sha256, for text and bytes', () => {
  const full = crypto.createHash('sha256').update('hello').digest('hex');
  assert.equal(shortHash('hello'), full.slice(0, 16));
  assert.equal(shortHash(Buffer.from('hello')), full.slice(0, 16));
  assert.notEqual(shortHash('hello!'), shortHash('hello'));
});
