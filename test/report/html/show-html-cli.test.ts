import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openCommand } from '../../../src/cli/commands/show-html.js';
import { buildSessionView } from '../../../src/report/html/session-view.js';
import { openDb } from '../../../src/store/db.js';
import { clawtrace, tempDir } from '../../helpers/cli.js';
import { pageInput, writeRealisticSession } from './sessions.js';

/** A project folder (not in git) with a database holding the realistic session. */
function setup(): { dir: string; db: string; id: string } {
  const dir = tempDir('clawtrace-show-html-');
  const db = path.join(dir, 'c.db');
  const conn = openDb(db);
  const id = writeRealisticSession(conn);
  conn.close();
  return { dir, db, id };
}

// no desktop in the child, whatever this machine has: nothing may be opened by a test
const HEADLESS = { DISPLAY: '', WAYLAND_DISPLAY: '', CLAWTRACE_DB: '' };

/** The JSON a page embeds. */
function embedded(html: string): unknown {
  const m = /<script type="application\/json" id="ct-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, 'the page embeds its data');
  return JSON.parse(m[1] ?? 'null');
}

test('show --html -o FILE writes the page of the session, with the stored calls, and prints its path', async () => {
  const { dir, db, id } = setup();
  const out = path.join(dir, 'view.html');
  const r = await clawtrace(['show', id, '--html', '-o', out, '--no-open', '--db', db], { cwd: dir, env: HEADLESS });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${out}\n`);
  assert.equal(r.stderr, '');
  const html = fs.readFileSync(out, 'utf8');
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+'/);
  const conn = openDb(db);
  const expected = buildSessionView(pageInput(conn, id));
  conn.close();
  assert.deepEqual(embedded(html), JSON.parse(JSON.stringify(expected)));
  assert.ok(expected.steps.some((s) => s.k === 'llm' && s.text.length > 0), 'the conversation text came from the stored calls');
});

test('without -o the page goes to .clawtrace/html/, kept out of git; with no desktop it says so and opens nothing', async () => {
  const { dir, db, id } = setup();
  const r = await clawtrace(['show', 'fix-flaky-retry', '--html', '--db', db], { cwd: dir, env: HEADLESS });
  assert.equal(r.code, 0, r.stderr);
  const file = path.join(fs.realpathSync(dir), '.clawtrace', 'html', `${id}.html`);
  assert.equal(fs.realpathSync(r.stdout.trim()), file);
  assert.ok(fs.statSync(file).size > 10_000);
  assert.match(fs.readFileSync(path.join(path.dirname(file), '.gitignore'), 'utf8'), /^\*$/m);
  assert.match(r.stderr, /no desktop here to open it on/);
});

test('-o - prints the page; mistakes are one line with exit 2; an unwritable file is one line with exit 1', async () => {
  const { dir, db, id } = setup();
  const r = await clawtrace(['show', id, '--html', '-o', '-', '--db', db], { cwd: dir, env: HEADLESS });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^<!doctype html>[\s\S]*<\/html>\n$/);
  for (const args of [['--html', '--json'], ['-o', 'x.html'], ['--no-open']]) {
    const bad = await clawtrace(['show', id, ...args, '--db', db], { cwd: dir, env: HEADLESS });
    assert.equal(bad.code, 2, `${args.join(' ')}: ${bad.stderr}`);
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  }
  const nowhere = await clawtrace(['show', id, '--html', '-o', path.join(dir, 'no', 'such', 'dir', 'x.html'), '--db', db], { cwd: dir, env: HEADLESS });
  assert.equal(nowhere.code, 1);
  assert.match(nowhere.stderr, /^clawtrace: cannot write .*x\.html: ENOENT/);
  assert.equal(nowhere.stderr.trim().split('\n').length, 1);
});

test('the page is opened only where there is a desktop', () => {
  const f = '/tmp/s.html';
  assert.deepEqual(openCommand('darwin', {}, f), { cmd: 'open', args: [f] });
  assert.deepEqual(openCommand('win32', {}, f), { cmd: 'explorer.exe', args: [f] });
  assert.deepEqual(openCommand('linux', { DISPLAY: ':0' }, f), { cmd: 'xdg-open', args: [f] });
  assert.deepEqual(openCommand('linux', { WAYLAND_DISPLAY: 'wayland-0' }, f), { cmd: 'xdg-open', args: [f] });
  assert.equal(openCommand('linux', {}, f), null, 'a server or an SSH session without a display');
  assert.equal(openCommand('darwin', { CI: 'true' }, f), null, 'CI');
});
