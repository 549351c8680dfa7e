import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDb } from '../../src/store/db.js';
import { runImport } from '../../src/import/run-import.js';
import { tempDir } from '../helpers/cli.js';
import { compiled, FIX, sessionIdOf } from './helpers.js';

interface Rows {
  schema_meta: Record<string, unknown>;
  session_nodes: Record<string, unknown>[];
  session_windows: Record<string, unknown>[];
  transcript_events: { session_id: string; seq: number; created_at: number; event: unknown; zstd_base64?: string; utf8_bytes?: number }[];
}

// the navigation record OpenClaw's CHECK constraint demands next to a compressed event
const NAVIGATION = JSON.stringify({ version: 1, report: { kind: 'canonical' }, navigation: {}, reset: {}, model: {}, modelBytes: 0, modelWithoutCheckpointBytes: 0, withoutCustomDataBytes: 0 });

function insert(db: Database.Database, table: string, row: Record<string, unknown>): void {
  const cols = Object.keys(row);
  db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => row[c]));
}

/** An OpenClaw 2026.9 session store, built with OpenClaw's own DDL from the rows in fixtures/import/openclaw-store. */
function buildStore(home: string): string {
  const dir = path.join(home, '.openclaw', 'agents', 'main', 'agent');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'openclaw-agent.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // session_windows references OpenClaw's conversations table, which this fixture leaves out
  db.pragma('foreign_keys = OFF');
  db.exec(fs.readFileSync(path.join(FIX, 'openclaw-store', 'schema.sql'), 'utf8'));
  const rows = JSON.parse(fs.readFileSync(path.join(FIX, 'openclaw-store', 'store.json'), 'utf8')) as Rows;
  insert(db, 'schema_meta', rows.schema_meta);
  for (const n of rows.session_nodes) insert(db, 'session_nodes', n);
  for (const w of rows.session_windows) insert(db, 'session_windows', w);
  for (const e of rows.transcript_events) {
    const base = { session_id: e.session_id, seq: e.seq, created_at: e.created_at };
    if (e.zstd_base64) insert(db, 'transcript_events', { ...base, event_zstd: Buffer.from(e.zstd_base64, 'base64'), event_utf8_bytes: e.utf8_bytes ?? 1, navigation_json: NAVIGATION });
    else insert(db, 'transcript_events', { ...base, event_json: JSON.stringify(e.event) });
  }
  db.close();
  return file;
}

test('OpenClaw 2026.9 SQLite session store: found under the agent folder, rollover kept in one thread, sub-agent linked, zstd rows read', async () => {
  const home = tempDir('ct-oc-store-');
  const file = buildStore(home);
  const db = openDb(':memory:');
  const summary = await runImport(db, { paths: [], env: {}, homedir: home });
  assert.deepEqual([summary.files, summary.sessions, summary.calls], [1, 1, 5], 'its default folders include agents/*/agent');
  assert.deepEqual(summary.skipped, { 'openclaw:undecodable_event': 1 }, 'the damaged compressed row is counted, not fatal');
  const { card, structure, session } = compiled(db, 'openclaw:oc-main-1');
  assert.equal(session.agentVersion, '2026.9.6', 'the app version from the store');
  assert.deepEqual(structure.agents.map((a) => [a.id, a.kind, a.label]), [['main', 'main', null], ['a1', 'subagent', 'helper']]);
  // the real run: two exec calls paired with their results; the rollover's call continues the main thread
  const main = structure.steps.filter((s) => s.agentId === 'main');
  assert.deepEqual(main.filter((s) => s.kind === 'tool').map((s) => (s.kind === 'tool' ? [s.name, s.resultIn !== null] : [])), [['exec', true], ['exec', true]]);
  assert.equal(main.filter((s) => s.kind === 'llm').length, 4);
  const child = structure.steps.find((s) => s.kind === 'llm' && s.agentId === 'a1');
  assert.deepEqual(child?.kind === 'llm' ? [child.usage?.inputUncached, child.usage?.cacheWrite5m, child.usage?.output] : null, [300, 900, 20], 'usage from the zstd row');
  assert.equal(card.totals.llm_calls, 5);

  // unchanged store: skipped; a new event in the WAL: re-read, updated in place
  const again = await runImport(db, { paths: [], env: {}, homedir: home });
  assert.deepEqual([again.unchangedFiles, again.sessions], [1, 0]);
  const w = new Database(file);
  w.prepare(`INSERT INTO transcript_events (session_id, seq, event_json, created_at) VALUES ('oc-main-2', 3, ?, 1795359400000)`).run(
    JSON.stringify({ type: 'message', id: 'm2-a2', parentId: null, timestamp: '2026-11-22T14:57:00.000Z', message: { role: 'assistant', content: [{ type: 'text', text: 'one more' }], api: 'anthropic-messages', provider: 'anthropic', model: 'claude-sonnet-4-5', usage: { input: 5, output: 3, cacheRead: 1600, cacheWrite: 0 }, stopReason: 'stop' } }),
  );
  const third = await runImport(db, { paths: [], env: {}, homedir: home });
  w.close();
  assert.deepEqual([third.sessions, third.newSessions, third.calls], [1, 0, 6]);
  assert.equal(compiled(db, 'openclaw:oc-main-1').card.totals.llm_calls, 6);
  assert.ok(sessionIdOf(db, 'openclaw:oc-main-1'));
});

test('a file named like the store that is not OpenClaw’s (no such tables, or not SQLite) is counted, never a crash', async () => {
  const home = tempDir('ct-oc-store-');
  const dir = path.join(home, '.openclaw', 'agents', 'main', 'agent');
  fs.mkdirSync(dir, { recursive: true });
  const other = new Database(path.join(dir, 'openclaw-agent.sqlite'));
  other.exec('CREATE TABLE something_else (x INTEGER)');
  other.close();
  const db = openDb(':memory:');
  const summary = await runImport(db, { paths: [], env: {}, homedir: home });
  assert.equal(summary.sessions, 0);
  assert.deepEqual(summary.skipped, { 'openclaw:unreadable_store:SQLITE_ERROR': 1 });
  fs.writeFileSync(path.join(dir, 'openclaw-agent.sqlite'), 'not a database');
  const second = await runImport(openDb(':memory:'), { paths: [], env: {}, homedir: home });
  assert.deepEqual([second.sessions, second.unknownFiles], [0, 1], 'not SQLite by its header: not taken for a store');
  assert.deepEqual(second.unknownPaths, [path.join(dir, 'openclaw-agent.sqlite')], 'a file in the agent folder that matches no format is named');
});
