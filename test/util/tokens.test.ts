import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getEncoding } from 'js-tiktoken';
import { countTokens, encodingFor } from '../../src/util/tokens.js';

test('#8 token counts come from js-tiktoken in the encoding of the model family', () => {
  assert.equal(encodingFor('gpt-5.1-codex'), 'o200k_base');
  assert.equal(encodingFor('openai/gpt-4o-mini'), 'o200k_base');
  assert.equal(encodingFor('gpt-4-turbo'), 'cl100k_base');
  assert.equal(encodingFor('claude-sonnet-4-6'), 'cl100k_base');
  assert.equal(encodingFor(null), 'cl100k_base');
  const text = 'function add(a, b) { return a + b; } // the quick brown fox';
  assert.equal(countTokens(text, 'gpt-5'), getEncoding('o200k_base').encode(text).length);
  assert.equal(countTokens(text, 'claude-opus-4-6'), getEncoding('cl100k_base').encode(text).length);
  assert.notEqual(countTokens(text, 'gpt-5'), Math.ceil(text.length / 4), 'not the chars/4 guess');
  assert.equal(countTokens('', 'gpt-5'), 0);
});

test('long text is sampled: within 5% of the exact count; special-token text is plain text', () => {
  const lines: string[] = [];
  for (let i = 0; i < 4000; i++) lines.push(`${i}\tsrc/module_${i % 37}/file.ts:${i * 7}: const value${i} = compute(${i}, "x");`);
  const text = lines.join('\n');
  const exact = getEncoding('o200k_base').encode(text).length;
  const est = countTokens(text, 'gpt-5');
  assert.ok(Math.abs(est - exact) / exact < 0.05, `${est} vs exact ${exact}`);
  assert.equal(countTokens('a <|endoftext|> b', 'gpt-5') > 3, true);
});

test('counting piece by piece (remembered pieces) gives exactly what encoding the whole text gives, cold and warm (texts under the sampling size)', () => {
  const samples = [
    'Ünïcödé — “quotes”, emoji 🚀🚀, CJK 漢字かな, tabs\tand\r\nCRLF',
    '{"files":["node_modules/.bin/tsc","src/a.ts"],"exit_code":0,"stdout":"   42 passing (3s)\\n"}',
    `${'x'.repeat(300)} ${'9'.repeat(70)} 'll 've 're <|endoftext|> <|fim_prefix|>`,
    Array.from({ length: 45 }, (_, i) => `    at fn${i % 9} (/repo/src/mod${i % 5}.ts:${i}:${i * 3})`).join('\n'),
  ];
  for (const name of ['o200k_base', 'cl100k_base'] as const) {
    const exact = getEncoding(name);
    const model = name === 'o200k_base' ? 'gpt-5' : 'claude-sonnet-4-6';
    for (let round = 0; round < 2; round++) {
      for (const t of samples) assert.equal(countTokens(t, model), exact.encode(t, [], []).length, `${name} round ${round}: ${t.slice(0, 30)}`);
    }
  }
});
