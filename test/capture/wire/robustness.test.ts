import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { NormalizedCallSchema } from '../../../src/domain/llm-call.js';
import { parseStoredExchange, WIRE_PARSERS } from '../../../src/capture/wire/index.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { loadExchange } from './load-fixture.js';

const FIXTURES = fs
  .readdirSync(path.join(REPO_ROOT, 'fixtures', 'wire'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json'))
  .sort();

test('every wire fixture cut at any of 40 points parses without throwing into a valid NormalizedCall', () => {
  assert.ok(FIXTURES.length >= 20, `found ${FIXTURES.length} fixtures`);
  for (const file of FIXTURES) {
    const x = loadExchange(file);
    for (let i = 0; i <= 40; i++) {
      const at = Math.floor((x.responseBody.length * i) / 40);
      const cut = { ...x, responseBody: x.responseBody.subarray(0, at), state: i === 40 ? x.state : ('incomplete' as const) };
      const call = parseStoredExchange(cut);
      const checked = NormalizedCallSchema.safeParse(call);
      assert.ok(checked.success, `${file} cut at ${at}: ${checked.success ? '' : checked.error.message}`);
      if (i < 40 && x.status === 200) assert.equal(call.complete, false, `${file} cut at ${at} is incomplete`);
    }
  }
});

test('wrongly typed JSON everywhere never throws out of a parser', () => {
  const odd: unknown[] = [null, 5, 'text', [], [1, 'a', null], { messages: 'no', tools: 7, system: { a: 1 }, input: 3, contents: [null, 4] }];
  const responses = [...odd.map((v) => JSON.stringify(v)), 'data: {"type":"message_start","message":null}\n\n', 'data: [1,2]\n\ndata: null\n\n', '\u0000\u0001binary'];
  for (const parser of WIRE_PARSERS) {
    for (const req of odd) {
      for (const res of responses) {
        for (const status of [200, 500, null]) {
          const call = parser.parse(
            { method: 'POST', path: '/v1/x', requestHeaders: {}, requestBody: Buffer.from(JSON.stringify(req)), status, responseHeaders: {}, responseBody: Buffer.from(res), complete: true },
            {},
          );
          assert.ok(NormalizedCallSchema.safeParse(call).success, `${parser.api} ${JSON.stringify(req)} ${res.slice(0, 40)}`);
        }
      }
    }
  }
});
