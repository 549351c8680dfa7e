import { test } from 'node:test';
import assert from 'node:assert/strict';
import { similarAtLeast, similarity } from '../../../src/compile/flags/similarity.js';

test('similarity is 1 − edit distance / longer length', () => {
  assert.equal(similarity('kitten', 'sitting'), 1 - 3 / 7);
  assert.equal(similarity('abc', 'abc'), 1);
  assert.equal(similarity('', ''), 1);
  assert.equal(similarity('abcde', 'abcdx'), 0.8);
});

test('similarAtLeast agrees with similarity on the threshold, exact boundary included', () => {
  assert.equal(similarAtLeast('abcde', 'abcdx', 0.8), true); // exactly 0.8
  assert.equal(similarAtLeast('abcde', 'abxyz', 0.8), false);
  assert.equal(similarAtLeast('kitten', 'sitting', 0.5), true);
  assert.equal(similarAtLeast('kitten', 'sitting', 0.6), false); // 0.571
});

test('similarAtLeast matches the full computation on many pseudo-random pairs', () => {
  let x = 12345;
  const rnd = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return (x >>> 8) % n;
  };
  const word = (): string => Array.from({ length: 5 + rnd(40) }, () => 'abcdef{}":,'[rnd(11)]).join('');
  for (let i = 0; i < 500; i++) {
    const a = word();
    // b: a with a few edits, or an unrelated word
    const b = rnd(2) ? a.split('').map((c) => (rnd(6) === 0 ? 'z' : c)).join('') + (rnd(2) ? 'q' : '') : word();
    for (const min of [0.5, 0.8]) assert.equal(similarAtLeast(a, b, min), similarity(a, b) >= min - 1e-12, `${a} / ${b} @ ${min}`);
  }
});

test('long arguments: the trigram and band filters never change the answer', () => {
  let x = 99;
  const rnd = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return (x >>> 8) % n;
  };
  const base = (): string => Array.from({ length: 200 + rnd(200) }, () => 'abcdefghij'[rnd(10)]).join('');
  for (let i = 0; i < 60; i++) {
    const a = base();
    const edits = rnd(120); // from a near copy to far beyond the 0.8 threshold
    const chars = a.split('');
    for (let e = 0; e < edits; e++) chars[rnd(chars.length)] = 'z';
    const b = chars.join('');
    assert.equal(similarAtLeast(a, b, 0.8), similarity(a, b) >= 0.8 - 1e-12, `${edits} edits`);
  }
});
