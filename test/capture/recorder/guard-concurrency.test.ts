import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { clawtrace, tempDir } from '../../helpers/cli.js';
import { counts, LOAD_CLIENT, lines, modelUpstream } from './harness.js';
import { makePriceTable } from '../../../src/compile/pricing/price-table.js';
import { priceCall } from '../../../src/compile/pricing/price-call.js';
import { makeUsage } from '../../../src/domain/usage.js';

/** 20 model calls at once through `record` with a limit worth five calls; then a model list and a token count. */
async function burst(limit: string[]) {
  const up = await modelUpstream({ delayMs: 150 });
  const db = path.join(tempDir(), 'ct.db');
  try {
    const r = await clawtrace(['record', '--db', db, '--quiet', '--upstream-openai', `${up.url}/v1`, '--upstream-anthropic', up.url, ...limit, '--', process.execPath, LOAD_CLIENT, 'concurrent', '20']);
    assert.equal(r.code, 0, r.stderr);
    const out = lines(r.stdout);
    const chat = out.filter((l) => l['kind'] === 'chat').map((l) => l['status']);
    const forwarded = up.seen.filter((s) => s.url.endsWith('/chat/completions')).length;
    const c = counts(db);
    const chatCalls = (c.db.prepare(`SELECT COUNT(*) AS n FROM llm_calls l JOIN exchanges x ON x.id = l.exchange_id WHERE x.path LIKE '%/chat/completions'`).get() as { n: number }).n;
    c.db.close();
    return { chat, forwarded, out, c, chatCalls };
  } finally {
    await up.close();
  }
}

const fiveCalls = { usd: priceCall({ provider: 'openai', model: 'gpt-4o-mini', usage: makeUsage({ inputUncached: 100, output: 20 }) }, makePriceTable([])).usd?.total ?? 0 };

for (const [name, flags] of [
  ['--max-calls 5', ['--max-calls', '5']],
  ['--max-tokens worth five calls', ['--max-tokens', String(5 * 120)]],
  ['--max-usd worth five calls', ['--max-usd', String(5 * fiveCalls.usd)]],
] as const) {
  test(`${name}: 20 concurrent model calls, exactly 5 forwarded and 15 refused; model lists and token counts still pass`, async () => {
    assert.ok(fiveCalls.usd > 0, 'gpt-4o-mini has a price');
    const { chat, forwarded, out, c, chatCalls } = await burst([...flags]);
    assert.equal(forwarded, 5, `forwarded upstream: ${forwarded}`);
    assert.equal(chat.filter((s) => s === 200).length, 5);
    assert.equal(chat.filter((s) => s === 400).length, 15, 'the rest refused with a provider-shaped 400');
    assert.equal(out.find((l) => l['kind'] === 'models')?.['status'], 200, 'a model list is not a model call');
    assert.equal(out.find((l) => l['kind'] === 'count_tokens')?.['status'], 200, 'a token count is not a model call');
    assert.equal(c.exchanges['refused'], 15);
    assert.equal(chatCalls, 20, '5 answered and 15 refused calls are recorded');
  });
}
