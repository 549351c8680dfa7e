import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { priceCall } from '../../../src/compile/pricing/price-call.js';
import { makePriceTable } from '../../../src/compile/pricing/price-table.js';
import { loadUserPrices, PriceFileError } from '../../../src/compile/pricing/user-prices.js';
import { makeUsage, type Usage } from '../../../src/domain/usage.js';

const M = 1_000_000;
const table = makePriceTable([]);

// Published per-million-token rates (provider price pages), written here by hand: the expectations below are
// computed from these, never from clawtrace's own output.
const RATES = {
  'claude-sonnet-4-6': { input: 3, output: 15, cacheRead: 0.3, write5m: 3.75, write1h: 6 },
  'gpt-4.1': { input: 2, output: 8, cacheRead: 0.5 },
  'gpt-5': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gemini-2.5-pro': { input: 1.25, output: 10, cacheRead: 0.125, inputAbove200k: 2.5, outputAbove200k: 15, cacheReadAbove200k: 0.25 },
};

interface Case {
  name: string;
  provider: string;
  model: string;
  usage: Usage;
  expected: number | null;
}

const cases: Case[] = [
  {
    name: 'Anthropic: uncached input + cache read + 5m and 1h writes + output',
    provider: 'anthropic',
    model: 'claude-sonnet-4-6',
    usage: makeUsage({ inputUncached: 1200, cacheRead: 50_000, cacheWrite5m: 2000, cacheWrite1h: 1000, output: 800 }),
    expected: (1200 * 3 + 50_000 * 0.3 + 2000 * 3.75 + 1000 * 6 + 800 * 15) / M,
  },
  {
    // prompt_tokens 10,000 of which 8,000 cached; completion 1,500 of which 1,000 reasoning (inside output)
    name: 'OpenAI chat: cached tokens split from prompt_tokens, reasoning inside output (not added twice)',
    provider: 'openai',
    model: 'gpt-4.1',
    usage: makeUsage({ inputUncached: 2000, cacheRead: 8000, output: 1500, reasoning: 1000 }),
    expected: (2000 * 2 + 8000 * 0.5 + 1500 * 8) / M,
  },
  {
    name: 'OpenAI responses: gpt-5 with cached input and reasoning',
    provider: 'openai',
    model: 'gpt-5',
    usage: makeUsage({ inputUncached: 1000, cacheRead: 11_000, output: 900, reasoning: 700 }),
    expected: (1000 * 1.25 + 11_000 * 0.125 + 900 * 10) / M,
  },
  {
    name: 'Gemini below its 200k tier',
    provider: 'google',
    model: 'gemini-2.5-pro',
    usage: makeUsage({ inputUncached: 90_000, cacheRead: 10_000, output: 2000, reasoning: 1500 }),
    expected: (90_000 * 1.25 + 10_000 * 0.125 + 2000 * 10) / M,
  },
  {
    name: 'Gemini above its 200k tier: every token at the higher rate',
    provider: 'google',
    model: 'gemini-2.5-pro',
    usage: makeUsage({ inputUncached: 200_000, cacheRead: 50_000, output: 540, reasoning: 500 }),
    expected: (200_000 * 2.5 + 50_000 * 0.25 + 540 * 15) / M,
  },
  {
    name: 'an unknown model is unpriced, never $0',
    provider: 'openai',
    model: 'my-private-finetune-v3',
    usage: makeUsage({ inputUncached: 1000, output: 100 }),
    expected: null,
  },
  {
    name: 'an estimated stream is priced like any other and keeps its estimate mark',
    provider: 'openai',
    model: 'gpt-4.1',
    usage: makeUsage({ inputUncached: 500, output: 50, estimated: true }),
    expected: (500 * 2 + 50 * 8) / M,
  },
];

for (const c of cases) {
  test(`price: ${c.name}`, () => {
    const cost = priceCall({ provider: c.provider, model: c.model, usage: c.usage }, table);
    if (c.expected === null) {
      assert.equal(cost.usd, null);
      assert.equal(cost.source, null);
      return;
    }
    assert.ok(cost.usd, 'priced');
    assert.ok(Math.abs(cost.usd.total - c.expected) < 1e-12, `${cost.usd.total} vs ${c.expected}`);
    const u = c.usage;
    const parts = cost.usd.inputUncached + cost.usd.cacheRead + cost.usd.cacheWrite + cost.usd.output;
    assert.ok(Math.abs(parts - cost.usd.total) < 1e-12, 'the breakdown adds up; reasoning is shown, not added');
    assert.equal(cost.estimated, u.estimated);
  });
}

test('rates table used above matches its own names (sanity of the hand-written table)', () => {
  assert.equal(Object.keys(RATES).length, 4);
});

test('an error answer with no usage costs nothing; a success without usage is unpriced', () => {
  assert.equal(priceCall({ provider: 'openai', model: 'gpt-4.1', usage: null, unbilled: true }, table).usd?.total, 0);
  assert.equal(priceCall({ provider: 'openai', model: 'gpt-4.1', usage: null }, table).usd, null);
});

test('user price file: adds a model, overrides a known one, tiers; a bad file names its line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-prices-'));
  const file = path.join(dir, 'prices.yaml');
  fs.writeFileSync(
    file,
    ['models:', '  - match: my-finetune-*', '    input: 0.5', '    output: 1.5', '    tiers:', '      - { above: 1000, input: 1, output: 3 }', '  - match: gpt-4.1', '    provider: openai', '    input: 1', '    output: 4', ''].join('\n'),
  );
  const t = makePriceTable(loadUserPrices(file));
  const small = priceCall({ provider: 'other', model: 'my-finetune-7', usage: makeUsage({ inputUncached: 1000, output: 1000 }) }, t);
  assert.ok(Math.abs((small.usd?.total ?? 0) - (1000 * 0.5 + 1000 * 1.5) / M) < 1e-12);
  assert.equal(small.source?.origin, file);
  const big = priceCall({ provider: 'other', model: 'my-finetune-7', usage: makeUsage({ inputUncached: 2000, output: 10 }) }, t);
  assert.ok(Math.abs((big.usd?.total ?? 0) - (2000 * 1 + 10 * 3) / M) < 1e-12);
  const over = priceCall({ provider: 'openai', model: 'gpt-4.1', usage: makeUsage({ inputUncached: M }) }, t);
  assert.equal(over.usd?.total, 1);
  fs.writeFileSync(file, 'models:\n  - match: x\n    input: 1\n    output: cheap\n');
  assert.throws(() => loadUserPrices(file), (e: unknown) => e instanceof PriceFileError && /prices\.yaml:4: models\.0\.output/.test(e.message));
  fs.writeFileSync(file, 'models:\n  - match: [unclosed\n');
  assert.throws(() => loadUserPrices(file), (e: unknown) => e instanceof PriceFileError && /prices\.yaml:\d+:/.test(e.message));
});
