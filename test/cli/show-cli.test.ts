import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { importSession } from '../helpers/session-fixture.js';
import { CLI, clawtrace, REPO_ROOT, tempDir } from '../helpers/cli.js';
import { openDb } from '../../src/store/db.js';
import { writeFixtureLogs } from '../report/fixture-logs.js';
import { assertFits, matchSnapshot, snapshotEnv } from './snapshot.js';

function demoDb(): { home: string; db: string; id: string } {
  const home = tempDir();
  const db = path.join(home, 'ct.db');
  const conn = openDb(db);
  const id = importSession(conn, path.join(REPO_ROOT, 'fixtures', 'sessions', 'demo-fix-rushed.json'));
  conn.close();
  return { home, db, id };
}

test('show marks the flagged steps with their dollars, says what the user asked and the model answered (snapshots)', async () => {
  const { home, db, id } = demoDb();
  for (const cols of [80, 160, null]) {
    const r = await clawtrace(['show', id, '--db', db], { env: snapshotEnv(home, cols) });
    assert.equal(r.code, 0, r.stderr);
    if (cols !== null) assertFits(r.stdout, cols);
    matchSnapshot(`show-flags-marked-${cols ?? 'piped'}`, r.stdout);
  }
  const r = await clawtrace(['show', id, '--db', db], { env: snapshotEnv(home, null) });
  assert.match(r.stdout, /s19 +tool +bash .*⚑ duplicate_tool_call \$0\.0017/);
  assert.match(r.stdout, /s11 +tool +bash .*⚑ reread_unchanged \$0\.0017/);
  assert.match(r.stdout, /│ › Make the failing test pass by fixing calc\.js\. \(variant: rushed\)/);
  assert.match(r.stdout, /“I changed calc\.js; the tests may still fail\.”/);
  assert.match(r.stdout, /2026-11-30 04:42:17 GMT\+1 +took 393 ms/, 'local time with its zone, a human duration');
});

test('show --flags lists flags by dollars, highest first, with their total', async () => {
  const { home, db, id } = demoDb();
  const r = await clawtrace(['show', id, '--flags', '--db', db], { env: snapshotEnv(home, 80) });
  assert.equal(r.code, 0, r.stderr);
  assertFits(r.stdout, 80);
  matchSnapshot('show-flags-list-80', r.stdout);
  const json = JSON.parse((await clawtrace(['show', id, '--flags', '--json', '--db', db], { env: snapshotEnv(home, null) })).stdout) as { wasted_usd: number }[];
  assert.deepEqual(json.map((f) => f.wasted_usd), [...json.map((f) => f.wasted_usd)].sort((a, b) => b - a));
  assert.equal(json.length, 2);
});

test('imported sessions: call durations the logs do not have print as unknown, never 0 ms; sub-agents sit under their spawn', async () => {
  const home = tempDir();
  writeFixtureLogs(home);
  const db = path.join(home, 'ct.db');
  await clawtrace(['report', '--db', db], { env: snapshotEnv(home, null) });
  const r = await clawtrace(['show', '6e2028769aa2', '--db', db], { env: snapshotEnv(home, null) });
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /\b0 ?ms\b/);
  assert.match(r.stdout, /s1 +llm +claude-sonnet-4-5 .* \$0\.012 +unknown/);
  assert.match(r.stdout, /└─ s3 +tool +Task .*\n│ +a1 \(Explore\)\n│ +│ › SUB: find every call site of parseArgs\n│ +└─ s4 +llm +claude-haiku-4-5/);
  assert.match(r.stdout, /took 1h 10m/);
});

/** Starts the CLI with its output piped into a reader that stops after the first chunk, like `| head -1`. */
function headOne(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

test('output piped into a reader that stops early ends quietly with exit 0 (EPIPE), on every command that prints', async () => {
  const home = tempDir();
  // one long transcript, so that show, card and sessions print far more than a pipe buffer holds
  const dir = path.join(home, '.claude', 'projects', '-work-long');
  fs.mkdirSync(dir, { recursive: true });
  const base = { sessionId: 'long', cwd: '/work/long', version: '2.1.9' };
  const lines = [JSON.stringify({ ...base, type: 'user', timestamp: '2026-10-01T10:00:00.000Z', uuid: 'u', message: { role: 'user', content: 'go' } })];
  for (let i = 0; i < 1500; i++) {
    const at = new Date(Date.UTC(2026, 9, 1, 10) + i * 1000).toISOString();
    const usage = { input_tokens: 10, cache_read_input_tokens: 100 * i, cache_creation_input_tokens: 50, output_tokens: 20 };
    lines.push(JSON.stringify({ ...base, type: 'assistant', timestamp: at, requestId: `r${i}`, uuid: `a${i}`, message: { id: `m${i}`, role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'tool_use', id: `t${i}`, name: 'Bash', input: { command: `cat file-${i}.ts` } }], usage } }));
    lines.push(JSON.stringify({ ...base, type: 'user', timestamp: at, uuid: `r${i}`, message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${i}`, content: `contents ${i}` }] } }));
  }
  fs.writeFileSync(path.join(dir, 'long.jsonl'), `${lines.join('\n')}\n`);
  const db = path.join(home, 'ct.db');
  const env = snapshotEnv(home, null);
  assert.equal((await clawtrace(['import', '--db', db], { env })).code, 0);
  for (const args of [['show', 'last'], ['card', 'last'], ['card', 'last', '--format', 'json'], ['show', 'last', '--json'], ['sessions', '--json'], ['report', 'sessions', '--json']]) {
    const r = await headOne([...args, '--db', db], env);
    assert.equal(r.code, 0, `${args.join(' ')}: exit ${r.code} ${r.stderr}`);
    assert.equal(r.stderr, '', `${args.join(' ')}: nothing on stderr`);
  }
});

test('card -o into a folder that does not exist is one line naming the folder', async () => {
  const { home, db, id } = demoDb();
  const missing = path.join(home, 'no', 'such');
  const r = await clawtrace(['card', id, '--db', db, '-o', path.join(missing, 'card.yaml')], { env: snapshotEnv(home, null) });
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `clawtrace: -o ${path.join(missing, 'card.yaml')}: the folder ${missing} does not exist\n`);
});
