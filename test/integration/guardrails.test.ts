import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startScriptedServer } from '../../src/scripted/server.js';
import { openDb } from '../../src/store/db.js';
import { listSessions } from '../../src/store/sessions-repo.js';
import { listExchanges } from '../../src/store/exchanges-repo.js';
import { compileSession } from '../../src/compile/compile-session.js';
import { makePriceTable } from '../../src/compile/pricing/price-table.js';
import { clawtrace, REPO_ROOT, tempDir } from '../helpers/cli.js';

const AGENT = path.join(REPO_ROOT, 'fixtures', 'clients', 'loop-agent.mjs');

async function recordWith(scenario: string, flags: string[], model = 'gpt-4.1') {
  const up = await startScriptedServer({ scenario });
  const db = path.join(tempDir(), 'ct.db');
  try {
    const r = await clawtrace(['record', '--db', db, '--upstream-openai', `${up.url}/v1`, ...flags, '--', process.execPath, AGENT, model]);
    const store = openDb(db);
    const session = listSessions(store)[0];
    assert.ok(session);
    const out = { r, store, session, exchanges: listExchanges(store, session.id), compiled: compileSession(store, session.id, makePriceTable([])) };
    return out;
  } finally {
    await up.close();
  }
}

const agentSaw = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { error?: string; status?: number; message?: string };

test('--max-calls: the call after the limit is refused with a provider-shaped 400 the SDK understands', async () => {
  const { r, exchanges, compiled, store } = await recordWith('loop', ['--max-calls', '3']);
  assert.equal(r.code, 3, 'the agent stopped on the API error (its own exit code)');
  const saw = agentSaw(r.stdout);
  assert.equal(saw.error, 'BadRequestError');
  assert.equal(saw.status, 400);
  assert.match(saw.message ?? '', /call limit of 3 reached/);
  assert.deepEqual(exchanges.map((x) => x.state), ['complete', 'complete', 'complete', 'refused']);
  const llm = compiled.structure.steps.filter((s) => s.kind === 'llm');
  assert.deepEqual(llm.map((s) => s.kind === 'llm' && s.refused), [false, false, false, true]);
  assert.equal(compiled.card.totals.cost.unpriced_calls, 0, 'a refusal is not an unpriced call');
  assert.match(compiled.card.steps.filter((s) => s.kind === 'llm')[3]?.error ?? '', /refused by guardrail/);
  store.close();
});

test('--max-repeats: the loop breaker refuses the request that continues the Nth identical tool call', async () => {
  const { r, exchanges, store } = await recordWith('loop', ['--max-repeats', '3']);
  const saw = agentSaw(r.stdout);
  assert.equal(saw.status, 400);
  assert.match(saw.message ?? '', /loop stopped: the tool call bash .*ls -la.* requested 3 times/);
  assert.deepEqual(exchanges.map((x) => x.state), ['complete', 'complete', 'complete', 'refused']);
  store.close();
});

test('--max-usd: refused at the first call once the priced total reached the budget, not one call late', async () => {
  const { exchanges, compiled, store } = await recordWith('loop', ['--max-usd', '0.0005']);
  const llm = compiled.card.steps.filter((s) => s.kind === 'llm');
  const refusedAt = exchanges.findIndex((x) => x.state === 'refused');
  assert.ok(refusedAt > 0);
  const spentBefore = llm.slice(0, refusedAt).reduce((n, s) => n + (s.cost ?? 0), 0);
  const spentBeforeLast = llm.slice(0, refusedAt - 1).reduce((n, s) => n + (s.cost ?? 0), 0);
  assert.ok(spentBefore >= 0.0005, `over budget when refused (${spentBefore})`);
  assert.ok(spentBeforeLast < 0.0005, `still under budget one call earlier (${spentBeforeLast})`);
  store.close();
});

test('sub-agent calls count against the session budget', async () => {
  const { r, compiled, store } = await recordWith('subagent', ['--max-calls', '2']);
  assert.equal(agentSaw(r.stdout).status, 400);
  const llm = compiled.structure.steps.filter((s) => s.kind === 'llm');
  assert.equal(llm.length, 3);
  const refused = llm[2];
  assert.ok(refused && refused.kind === 'llm' && refused.refused);
  assert.notEqual(refused.agentId, 'main', 'the refused call was the sub-agent’s');
  store.close();
});

test('--on-limit stop interrupts the agent and marks the session stopped', async () => {
  const { session, store } = await recordWith('loop', ['--max-calls', '2', '--on-limit', 'stop']);
  assert.equal(session.stoppedReason, 'budget: max_calls');
  store.close();
});
