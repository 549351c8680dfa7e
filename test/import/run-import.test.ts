import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runImport } from '../../src/import/run-import.js';
import { openDb, type Db } from '../../src/store/db.js';
import { listSessions } from '../../src/store/sessions-repo.js';
import { tempDir } from '../helpers/cli.js';
import { callsOf, FIX, importInto } from './helpers.js';

function dump(db: Db): unknown {
  return {
    sessions: db.prepare(`SELECT * FROM sessions ORDER BY id`).all(),
    calls: db.prepare(`SELECT id, session_id, seq, natural_key, started_at, ended_at, model, call_json FROM llm_calls ORDER BY id`).all(),
  };
}

const ALL = ['claude-code', 'claude-code-subagents', 'claude-code-inline', 'claude-code-progress', 'codex', 'codex-subagent', 'openclaw', 'gemini'];

test('re-importing the same files changes nothing, and reads nothing again', async () => {
  const db = openDb(':memory:');
  const first = await importInto(db, ...ALL);
  assert.equal(first.sessions, 9);
  const before = dump(db);
  const again = await importInto(db, ...ALL);
  assert.deepEqual([again.readFiles, again.sessions, again.calls, again.unchangedFiles], [0, 0, 0, first.readFiles]);
  assert.deepEqual(dump(db), before);
});

test('a transcript that grew is re-read and updated in place (no duplicate session or calls)', async () => {
  const dir = tempDir();
  fs.cpSync(path.join(FIX, 'claude-code-subagents'), dir, { recursive: true });
  const db = openDb(':memory:');
  await runImport(db, { paths: [dir], env: {}, homedir: dir });
  const file = path.join(dir, 'projects', '-work-demo', 'sess-2.jsonl');
  const line = {
    sessionId: 'sess-2',
    type: 'assistant',
    uuid: 'a10',
    timestamp: '2026-11-01T10:00:20.000Z',
    requestId: 'r3',
    message: { id: 'm3', role: 'assistant', model: 'claude-sonnet-4-6', content: [{ type: 'text', text: 'more' }], usage: { input_tokens: 7, output_tokens: 3 } },
  };
  fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
  const grown = await runImport(db, { paths: [dir], env: {}, homedir: dir });
  assert.deepEqual([grown.newSessions, grown.updatedSessions], [0, 1]);
  assert.equal(listSessions(db).length, 1);
  const calls = callsOf(db, 'claude-code:sess-2');
  assert.equal(calls.length, 5);
  assert.equal(calls.at(-1)?.call.usage?.inputUncached, 7);
  assert.equal(listSessions(db)[0]?.endedAt, Date.parse('2026-11-01T10:00:20.000Z'));
});

test('no path: each agent\'s default folders under the given home and environment', async () => {
  const home = tempDir();
  const claudeDir = tempDir();
  fs.cpSync(path.join(FIX, 'claude-code-inline', 'projects'), path.join(claudeDir, 'projects'), { recursive: true });
  fs.cpSync(path.join(FIX, 'codex', 'sessions'), path.join(home, '.codex', 'sessions'), { recursive: true });
  fs.cpSync(path.join(FIX, 'openclaw', 'agents'), path.join(home, '.openclaw', 'agents'), { recursive: true });
  fs.cpSync(path.join(FIX, 'gemini', 'tmp'), path.join(home, '.gemini', 'tmp'), { recursive: true });
  const db = openDb(':memory:');
  const s = await runImport(db, { paths: [], env: { CLAUDE_CONFIG_DIR: claudeDir }, homedir: home });
  assert.deepEqual(s.sessionsByFormat, { 'claude-code': 1, codex: 1, openclaw: 1, gemini: 2 });
  const only = await runImport(openDb(':memory:'), { paths: [], env: { CLAUDE_CONFIG_DIR: claudeDir }, homedir: home, from: 'codex' });
  assert.deepEqual(only.sessionsByFormat, { codex: 1 });
});

test('--since leaves older sessions out; files of no known format are counted, not fatal', async () => {
  const dir = tempDir();
  fs.cpSync(path.join(FIX, 'codex'), path.join(dir, 'codex'), { recursive: true });
  fs.cpSync(path.join(FIX, 'gemini'), path.join(dir, 'gemini'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'notes.jsonl'), '{"hello":"world"}\n');
  const db = openDb(':memory:');
  // codex fixture ends 2026-11-01, gemini ones on 2026-11-06; file mtimes are now, so only session times decide
  const s = await runImport(db, { paths: [dir], env: {}, homedir: dir, since: Date.parse('2026-11-05') });
  assert.equal(s.unknownFiles, 1);
  assert.equal(s.olderSessions, 1);
  assert.deepEqual(s.sessionsByFormat, { gemini: 2 });
});

test('parsing on worker threads stores exactly what parsing in turn stores (sessions, calls, skipped lines)', async () => {
  const withWorkers = async (n: string): Promise<{ dump: unknown; skipped: Record<string, number>; sessions: number; threads: number }> => {
    const saved = process.env['CLAWTRACE_IMPORT_WORKERS'];
    process.env['CLAWTRACE_IMPORT_WORKERS'] = n;
    try {
      const db = openDb(':memory:');
      const s = await importInto(db, ...ALL, 'codex-multi-agent-v2', 'openclaw-bridge');
      return { dump: dump(db), skipped: s.skipped, sessions: s.sessions, threads: s.parsedInThreads };
    } finally {
      if (saved === undefined) delete process.env['CLAWTRACE_IMPORT_WORKERS'];
      else process.env['CLAWTRACE_IMPORT_WORKERS'] = saved;
    }
  };
  const serial = await withWorkers('0');
  const threaded = await withWorkers('3');
  assert.ok(serial.sessions >= 10, `${serial.sessions} sessions`);
  assert.equal(serial.threads, 0);
  assert.ok(threaded.threads >= 10, `every unit parsed on a thread (${threaded.threads})`);
  assert.deepEqual({ ...threaded, threads: 0 }, serial);
});
