import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { compileSession } from '../../../src/compile/compile-session.js';
import { renderCardYaml } from '../../../src/compile/card/render.js';
import { TraceCardSchema } from '../../../src/compile/card/schema.js';
import { makePriceTable } from '../../../src/compile/pricing/price-table.js';
import { openDb } from '../../../src/store/db.js';
import { importSession } from '../../helpers/session-fixture.js';
import { REPO_ROOT, run, tempDir, type RunResult } from '../../helpers/cli.js';

const MAIN = path.join(REPO_ROOT, 'src', 'cli', 'main.ts');
// tsx resolved from here, so the child can run TypeScript from any working folder
const TSX = import.meta.resolve('tsx');

/** The CLI from source (no build needed), in its own process, with a throwaway working folder. */
function cli(args: string[], cwd: string): Promise<RunResult> {
  return run(process.execPath, ['--import', TSX, MAIN, ...args], { cwd, env: { CLAWTRACE_DB: '' } });
}

function setup(): { dir: string; db: string; ids: string[] } {
  const dir = tempDir('clawtrace-card-');
  const file = path.join(dir, 'c.db');
  const db = openDb(file);
  const ids = ['demo-fix-ok', 'demo-fix-rushed'].map((n) => importSession(db, path.join(REPO_ROOT, 'fixtures', 'sessions', `${n}.json`)));
  db.close();
  return { dir, db: file, ids };
}

test('card SESSION prints the YAML card compileSession builds; -o and --format json write the same card', async () => {
  const { dir, db, ids } = setup();
  const id = ids[0] ?? '';
  const r = await cli(['card', id, '--db', db], dir);
  assert.equal(r.code, 0, r.stderr);
  const conn = openDb(db);
  const expected = renderCardYaml(compileSession(conn, id, makePriceTable([])).card);
  conn.close();
  assert.equal(r.stdout, expected);
  const out = path.join(dir, 'card.json');
  const j = await cli(['card', id, '--db', db, '--format', 'json', '-o', out], dir);
  assert.equal(j.code, 0, j.stderr);
  assert.deepEqual(TraceCardSchema.parse(JSON.parse(fs.readFileSync(out, 'utf8'))), TraceCardSchema.parse(parse(expected)));
});

test('usage mistakes are one line and exit 2', async () => {
  const { dir, db } = setup();
  for (const args of [['card', 'no-such-session'], ['card', '--format', 'xml'], ['card', '--all'], ['card', '--out-dir', dir]]) {
    const r = await cli([...args, '--db', db], dir);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('--all --out-dir writes one card per session; a corrupt session is reported, not fatal', async () => {
  const { dir, db, ids } = setup();
  const conn = openDb(db);
  conn.prepare(`UPDATE llm_calls SET call_json = '{broken' WHERE session_id = ?`).run(ids[1] ?? '');
  conn.close();
  const out = path.join(dir, 'cards');
  const r = await cli(['card', '--all', '--out-dir', out, '--db', db], dir);
  assert.equal(r.code, 1, 'one session failed');
  assert.deepEqual(fs.readdirSync(out), [`${ids[0]}.yaml`]);
  assert.match(r.stderr, new RegExp(`session ${ids[1]} could not be compiled`));
  const one = await cli(['card', ids[1] ?? '', '--db', db], dir);
  assert.equal(one.code, 1);
  assert.equal(one.stderr.trim().split('\n').length, 1, 'one line, no stack');
});

test('--schema prints the JSON Schema of the card', async () => {
  const { dir } = setup();
  const r = await cli(['card', '--schema'], dir);
  assert.equal(r.code, 0);
  const schema = JSON.parse(r.stdout) as { properties: Record<string, unknown> };
  assert.deepEqual(Object.keys(schema.properties), ['tracecard', 'session', 'totals', 'steps', 'top_cost_steps', 'flags', 'paper']);
});
