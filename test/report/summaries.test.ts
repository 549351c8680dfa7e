import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { compileSession } from '../../src/compile/compile-session.js';
import { makePriceTable } from '../../src/compile/pricing/price-table.js';
import { runImport } from '../../src/import/run-import.js';
import { sessionList } from '../../src/report/session-list.js';
import { refreshSummaries } from '../../src/report/usage/refresh.js';
import { openDb, type Db } from '../../src/store/db.js';
import { setOutcome } from '../../src/store/sessions-repo.js';
import { staleSessionIds, type SummaryVersions } from '../../src/store/summaries-repo.js';
import { tempDir } from '../helpers/cli.js';
import { HAND, writeFixtureLogs } from './fixture-logs.js';

const V: SummaryVersions = { compileVersion: 1, parserVersion: 1, priceKey: 'p1' };
const table = () => makePriceTable([]);

async function setup(): Promise<{ db: Db; home: string }> {
  const home = tempDir();
  writeFixtureLogs(home);
  const db = openDb(path.join(home, 'ct.db'));
  await runImport(db, { paths: [], env: {}, homedir: home });
  return { db, home };
}

const refresh = (db: Db, v: SummaryVersions = V, flags = true) => refreshSummaries(db, { versions: v, table, flags });
const factsOf = (db: Db, id: string) => db.prepare(`SELECT COUNT(*) AS n, SUM(cost_usd) AS usd FROM usage_facts WHERE session_id = ?`).get(id) as { n: number; usd: number };
const byPrompt = async (db: Db, start: string) => (await sessionList(db, { versions: V, table })).rows.find((r) => r.first_prompt?.startsWith(start));

test('a second listing compiles nothing; the list carries what the cards say', async () => {
  const { db } = await setup();
  assert.equal((await refresh(db)).refreshed, 3);
  assert.equal((await refresh(db)).refreshed, 0, 'nothing changed: nothing compiled');
  const { rows } = await sessionList(db, { versions: V, table });
  assert.equal(rows.length, 3);
  for (const r of rows) {
    const card = compileSession(db, r.id, makePriceTable([])).card;
    assert.equal(r.llm_calls, card.totals.llm_calls);
    assert.equal(r.flags, card.flags.length);
    assert.equal(r.unpriced_calls, card.totals.cost.unpriced_calls);
    assert.equal(r.cost_usd, card.totals.cost.unpriced_calls === card.totals.llm_calls ? null : card.totals.cost.total_usd);
    const facts = factsOf(db, r.id);
    assert.equal(facts.n, card.totals.llm_calls, 'one fact per call');
    assert.equal(Math.round(facts.usd * 1e6) / 1e6, card.totals.cost.total_usd, 'the facts add up to the card');
  }
  const a = rows.find((r) => r.first_prompt === 'Add a --verbose flag to the CLI and document it');
  assert.ok(a, 'the first prompt skips the /clear that opened the transcript');
  assert.equal(a.cost_usd, HAND.a);
  assert.equal(a.project, '/work/alpha');
  assert.equal(a.main_model, 'claude-sonnet-4-5');
  assert.deepEqual(a.models, ['claude-sonnet-4-5', 'claude-haiku-4-5']);
  assert.equal(a.sub_agents, 1);
  assert.equal(a.duration_ms, 70 * 60_000);
  const b = rows.find((r) => r.agent === 'claude-code' && r.unpriced_calls === 1);
  assert.equal(b?.cost_usd, HAND.b);
});

test('a session that grows is compiled again, alone; so is one whose outcome is set', async () => {
  const { db, home } = await setup();
  await refresh(db);
  const file = path.join(home, '.claude', 'projects', '-work-beta', 'sess-b.jsonl');
  const usage = { input_tokens: 1000, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, output_tokens: 100 };
  fs.appendFileSync(file, `${JSON.stringify({ sessionId: 'sess-b', cwd: '/work/beta', version: '2.1.9', type: 'assistant', timestamp: '2026-10-26T09:10:00.000Z', requestId: 'req-b3', uuid: 'a-b3', message: { id: 'msg-b3', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'more' }], usage } })}\n`);
  await runImport(db, { paths: [], env: {}, homedir: home });
  const stale = staleSessionIds(db, V, { needFlags: true });
  assert.equal(stale.length, 1, 'only the session that changed');
  assert.equal((await refresh(db)).refreshed, 1);
  // + 1000 × $3 + 100 × $15 = $0.0045
  assert.equal((await byPrompt(db, 'Summarize'))?.cost_usd, 0.0051);
  assert.equal(factsOf(db, stale[0] ?? '').n, 3);
  setOutcome(db, stale[0] ?? '', { status: 'success', source: 'manual', evidence: null });
  assert.deepEqual(staleSessionIds(db, V, { needFlags: true }), stale);
  assert.equal((await byPrompt(db, 'Summarize'))?.outcome, 'success');
});

test('a limited list compiles only the sessions it shows', async () => {
  const { db } = await setup();
  const newest = (db.prepare(`SELECT id FROM sessions ORDER BY started_at DESC LIMIT 1`).get() as { id: string }).id;
  const r = await refreshSummaries(db, { versions: V, table, flags: true, only: [newest] });
  assert.equal(r.refreshed, 1);
  assert.equal(staleSessionIds(db, V, { needFlags: true }).length, 2);
});

test('another compile version or price table makes every summary stale; reports need no flags, lists do', async () => {
  const { db } = await setup();
  assert.equal((await refresh(db, V, false)).refreshed, 3);
  assert.equal(staleSessionIds(db, V, { needFlags: false }).length, 0);
  assert.equal(staleSessionIds(db, V, { needFlags: true }).length, 3, 'facts only: the flags are still to compute');
  assert.equal((await refresh(db, V, true)).refreshed, 3);
  assert.equal((await refresh(db, { ...V, priceKey: 'p2' })).refreshed, 3);
  assert.equal((await refresh(db, { ...V, priceKey: 'p2', compileVersion: 2 })).refreshed, 3);
  assert.equal((await refresh(db, { ...V, priceKey: 'p2', compileVersion: 2 })).refreshed, 0);
});

test('a session whose stored calls cannot be read is listed as not compiled, never fatal', async () => {
  const { db } = await setup();
  const id = (db.prepare(`SELECT session_id AS id FROM llm_calls LIMIT 1`).get() as { id: string }).id;
  db.prepare(`UPDATE llm_calls SET call_json = '{broken' WHERE session_id = ?`).run(id);
  const r = await refresh(db);
  assert.equal(r.refreshed, 2);
  assert.deepEqual(r.failed.map((f) => f.id), [id]);
  const row = (await sessionList(db, { versions: V, table })).rows.find((x) => x.id === id);
  assert.equal(row?.compiled, false);
  assert.equal(row?.cost_usd, null);
});

test('the project is the git repository around the working directory', async () => {
  const home = tempDir();
  const repo = path.join(home, 'repo');
  fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
  fs.mkdirSync(path.join(repo, 'packages', 'web'), { recursive: true });
  const dir = path.join(home, '.claude', 'projects', '-repo-packages-web');
  fs.mkdirSync(dir, { recursive: true });
  const usage = { input_tokens: 10, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, output_tokens: 1 };
  const base = { sessionId: 'g', cwd: path.join(repo, 'packages', 'web'), version: '2.1.9' };
  fs.writeFileSync(
    path.join(dir, 'g.jsonl'),
    [
      { ...base, type: 'user', timestamp: '2026-10-01T10:00:00.000Z', uuid: 'u', message: { role: 'user', content: 'hi' } },
      { ...base, type: 'assistant', timestamp: '2026-10-01T10:00:01.000Z', requestId: 'r', uuid: 'a', message: { id: 'm', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'hello' }], usage } },
    ].map((l) => `${JSON.stringify(l)}\n`).join(''),
  );
  const db = openDb(path.join(home, 'ct.db'));
  await runImport(db, { paths: [], env: {}, homedir: home });
  const { rows } = await sessionList(db, { versions: V, table });
  assert.equal(rows[0]?.project, repo);
});
