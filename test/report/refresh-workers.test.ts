import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { makePriceTable } from '../../src/compile/pricing/price-table.js';
import { runImport } from '../../src/import/run-import.js';
import { compileAlongside, refreshSummaries } from '../../src/report/usage/refresh.js';
import { openDb, type Db } from '../../src/store/db.js';
import { setOutcome } from '../../src/store/sessions-repo.js';
import { markPending, staleSessionIds, writePendingSummary, type SessionSummary } from '../../src/store/summaries-repo.js';
import { tempDir } from '../helpers/cli.js';

const V = { compileVersion: 1, parserVersion: 1, priceKey: 'k' };

/** Sixty small Claude Code sessions (models, sizes and a repeated read vary), enough to go to worker threads. */
function writeMany(home: string, n: number): void {
  const models = ['claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1', 'mystery-model-2'];
  for (let s = 0; s < n; s++) {
    const dir = path.join(home, '.claude', 'projects', `-work-p${s % 5}`);
    fs.mkdirSync(dir, { recursive: true });
    const base = { sessionId: `s${s}`, cwd: `/work/p${s % 5}`, version: '2.1.9' };
    const lines: unknown[] = [{ ...base, type: 'user', timestamp: '2026-10-01T10:00:00.000Z', uuid: `u${s}`, message: { role: 'user', content: `task ${s}` } }];
    for (let k = 0; k < 3 + (s % 4); k++) {
      const at = new Date(Date.UTC(2026, 9, 1 + (s % 9), 10) + k * 60_000).toISOString();
      const usage = { input_tokens: 100 + s, cache_read_input_tokens: 1000 * k, cache_creation_input_tokens: 10 * s, output_tokens: 20 + k };
      lines.push({ ...base, type: 'assistant', timestamp: at, requestId: `r${s}-${k}`, uuid: `a${s}-${k}`, message: { id: `m${s}-${k}`, role: 'assistant', model: models[(s + k) % 4], content: [{ type: 'tool_use', id: `t${s}-${k}`, name: 'Read', input: { file_path: 'a.ts' } }], usage } });
      lines.push({ ...base, type: 'user', timestamp: at, uuid: `r${s}-${k}`, message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${s}-${k}`, content: 'same contents' }] } });
    }
    fs.writeFileSync(path.join(dir, `s${s}.jsonl`), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  }
}

async function imported(home: string, name: string): Promise<Db> {
  const db = openDb(path.join(home, name));
  await runImport(db, { paths: [], env: {}, homedir: home });
  return db;
}

const dump = (db: Db): unknown[] => [
  db.prepare(`SELECT * FROM session_summaries ORDER BY session_id`).all().map((r) => ({ ...(r as object), updated_at: 0 })),
  db.prepare(`SELECT * FROM usage_facts ORDER BY session_id, call_id`).all(),
];

test('a large refresh on worker threads stores exactly what one thread stores', async () => {
  const home = tempDir();
  writeMany(home, 60);
  const one = await imported(home, 'one.db');
  const many = await imported(home, 'many.db');
  const table = () => makePriceTable([]);
  const priceSource = { pricesFile: null, projectDir: null };
  const a = await refreshSummaries(one, { versions: V, table, flags: true, workers: 0 });
  const b = await refreshSummaries(many, { versions: V, table, priceSource, flags: true, workers: 2 });
  assert.equal(a.refreshed, 60);
  assert.equal(a.inWorkers, 0);
  assert.equal(b.inWorkers, 60, 'all compiled on the workers');
  assert.deepEqual({ ...b, inWorkers: 0 }, a);
  assert.deepEqual(dump(many), dump(one));
  const flags = many.prepare(`SELECT SUM(flags) AS n FROM session_summaries`).get() as { n: number };
  assert.ok(flags.n > 0, 'the repeated reads were flagged in both');
  assert.equal(staleSessionIds(many, V, { needFlags: true }).length, 0);
});

test('a result compiled from a snapshot older than a change is dropped, never stored', async () => {
  const home = tempDir();
  writeMany(home, 2);
  const db = await imported(home, 'ct.db');
  const ids = staleSessionIds(db, V, { needFlags: false });
  markPending(db, V, ids);
  const summary = (id: string): SessionSummary => ({ sessionId: id, project: null, firstPrompt: null, mainModel: null, models: [], llmCalls: 1, toolUses: 0, subAgents: 0, costUsd: 1, unpricedCalls: 0, estimatedCalls: 0, tokens: { input: 0, cache_read: 0, cache_write: 0, output: 0, reasoning: 0 }, flags: null });
  // the session changes after the worker read it: the trigger drops the pending mark
  setOutcome(db, ids[0] ?? '', { status: 'failure', source: 'manual', evidence: null });
  assert.equal(writePendingSummary(db, V, summary(ids[0] ?? ''), []), false);
  assert.equal(writePendingSummary(db, V, summary(ids[1] ?? ''), []), true);
  assert.deepEqual(staleSessionIds(db, V, { needFlags: false }), [ids[0]]);
});

test('sessions compiled on a worker while the import goes on are the ones one thread would store', async () => {
  const home = tempDir();
  writeMany(home, 60);
  const table = () => makePriceTable([]);
  const one = await imported(home, 'one.db');
  await refreshSummaries(one, { versions: V, table, flags: false, workers: 0 });
  const db = openDb(path.join(home, 'along.db'));
  const along = compileAlongside(db, { versions: V, table, priceSource: { pricesFile: null, projectDir: null }, flags: false, workers: 1 });
  assert.ok(along);
  let pokes = 0;
  await runImport(db, {
    paths: [],
    env: {},
    homedir: home,
    onProgress: () => {
      pokes++;
      along.poke();
    },
  });
  await along.finish();
  assert.ok(pokes >= 60);
  const compiledDuring = 60 - staleSessionIds(db, V, { needFlags: false }).length;
  assert.ok(compiledDuring > 0, 'the worker compiled sessions during the import');
  const rest = await refreshSummaries(db, { versions: V, table, flags: false, workers: 0 });
  assert.equal(rest.refreshed + compiledDuring, 60);
  assert.deepEqual(dump(db), dump(one));
});
