import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Guard } from '../../../src/capture/guardrails/guard.js';
import { LimitsError, NO_LIMITS, resolveLimits, type Limits } from '../../../src/capture/guardrails/limits.js';
import { refusalResponse, GUARDRAIL_ERROR_TYPE } from '../../../src/capture/guardrails/refusal.js';
import type { NormalizedCall } from '../../../src/domain/llm-call.js';
import { makeUsage } from '../../../src/domain/usage.js';

function call(parts: { input?: number; output?: number; model?: string; tools?: { id: string; name: string; args: string }[] }): NormalizedCall {
  return {
    api: 'openai-chat',
    provider: 'openai',
    modelRequested: parts.model ?? 'm',
    model: parts.model ?? 'm',
    stream: false,
    usage: makeUsage({ inputUncached: parts.input ?? 100, output: parts.output ?? 10 }),
    rawUsage: null,
    stopReason: null,
    outputText: '',
    toolCalls: parts.tools ?? [],
    request: {
      messageCount: 1,
      systemHash: null,
      headHash: null,
      lastAssistant: null,
      toolResults: [],
      toolsDeclared: [],
      inputChars: 0,
      firstUserText: null,
      lastUserText: null,
    },
    error: null,
    complete: true,
    hints: {},
  };
}

const limits = (l: Partial<Limits>): Limits => ({ ...NO_LIMITS, ...l });
const quiet = { price: () => 0.01, warn: () => undefined, stop: () => undefined };

test('max-calls refuses exactly the call after the limit, not one late', () => {
  const g = new Guard(limits({ maxCalls: 3 }), quiet);
  for (let i = 0; i < 3; i++) {
    assert.equal(g.check(null), null, `call ${i + 1} may go`);
    g.onCall(call({}));
  }
  const r = g.check(null);
  assert.ok(r);
  assert.equal(r.limit, 'max_calls');
  assert.match(r.message, /call limit of 3 reached/);
  assert.equal(r.totals.calls, 3);
});

test('max-usd counts priced calls and names unpriced ones, which count by tokens only', () => {
  const prices = [0.3, null, 0.25];
  let i = 0;
  const g = new Guard(limits({ maxUsd: 0.5 }), { ...quiet, price: () => { const p = prices[i++]; return p === undefined ? 0 : p; } });
  g.onCall(call({}));
  g.onCall(call({ model: 'unknown-model' }));
  assert.equal(g.check(null), null, '$0.30 is under $0.50');
  g.onCall(call({}));
  const r = g.check(null);
  assert.ok(r);
  assert.equal(r.limit, 'max_usd');
  assert.ok(Math.abs(r.totals.usd - 0.55) < 1e-9);
  assert.match(r.message, /1 call\(s\) had no price/);
});

test('max-tokens sums input and output of every call', () => {
  const g = new Guard(limits({ maxTokens: 500 }), quiet);
  g.onCall(call({ input: 200, output: 40 }));
  assert.equal(g.check(null), null);
  g.onCall(call({ input: 250, output: 10 }));
  assert.equal(g.check(null)?.limit, 'max_tokens');
});

test('the loop breaker refuses the request that returns the Nth identical tool call', () => {
  const g = new Guard(limits({ maxRepeats: 3 }), quiet);
  assert.equal(g.needsRequestBody, true);
  const ls = (id: string) => call({ tools: [{ id, name: 'Bash', args: '{"command":"ls -la"}' }] });
  g.onCall(ls('call_1'));
  assert.equal(g.check(Buffer.from('{"tool_call_id":"call_1"}')), null);
  // key order and spacing do not make a different call
  g.onCall(call({ tools: [{ id: 'call_2', name: 'Bash', args: '{ "command": "ls -la" }' }] }));
  assert.equal(g.check(Buffer.from('{"tool_call_id":"call_2"}')), null);
  g.onCall(ls('call_3'));
  const r = g.check(Buffer.from('{"messages":[{"role":"tool","tool_call_id":"call_3","content":"..."}]}'));
  assert.ok(r);
  assert.equal(r.limit, 'max_repeats');
  assert.match(r.message, /Bash .*ls -la.* requested 3 times/);
  assert.equal(g.check(Buffer.from('{"tool_call_id":"call_other"}')), null, 'other requests still pass');
});

test('warns once at 80% of a limit; stop mode asks to stop the agent', () => {
  const warnings: string[] = [];
  const stops: string[] = [];
  const g = new Guard(limits({ maxCalls: 5, onLimit: 'stop' }), {
    price: () => 0,
    warn: (m) => warnings.push(m),
    stop: (r) => stops.push(r.limit),
  });
  for (let i = 0; i < 5; i++) g.onCall(call({}));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] ?? '', /80% of --max-calls 5/);
  assert.ok(g.check(null));
  assert.deepEqual(stops, ['max_calls']);
});

test('refusals use each provider error shape and a non-retryable status', () => {
  const a = refusalResponse('anthropic', 'budget reached');
  assert.equal(a.status, 400);
  assert.deepEqual(JSON.parse(a.body), { type: 'error', error: { type: GUARDRAIL_ERROR_TYPE, message: 'budget reached' } });
  const o = JSON.parse(refusalResponse('openai', 'x').body) as { error: { message: string; type: string } };
  assert.equal(o.error.type, GUARDRAIL_ERROR_TYPE);
  const g = JSON.parse(refusalResponse('gemini', 'y').body) as { error: { code: number; status: string } };
  assert.equal(g.error.code, 400);
  assert.equal(g.error.status, 'FAILED_PRECONDITION');
});

test('limits come from config.yaml, then env, then flags; bad values are one clear error', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-limits-'));
  fs.writeFileSync(path.join(dir, 'config.yaml'), 'limits:\n  max_usd: 2\n  max_calls: 50\n  on_limit: stop\n');
  const l = resolveLimits({ maxCalls: '10' }, { CLAWTRACE_MAX_USD: '1.5' }, dir);
  assert.equal(l.maxUsd, 1.5);
  assert.equal(l.maxCalls, 10);
  assert.equal(l.onLimit, 'stop');
  assert.throws(() => resolveLimits({ maxCalls: '2.5' }, {}, null), LimitsError);
  assert.throws(() => resolveLimits({ onLimit: 'explode' }, {}, null), /refuse or stop/);
  fs.writeFileSync(path.join(dir, 'config.yaml'), 'limits:\n  max_usd: -1\n');
  assert.throws(() => resolveLimits({}, {}, dir), /config\.yaml: limits\.max_usd/);
});
