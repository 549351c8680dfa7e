import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { clawtrace, tempDir } from '../../helpers/cli.js';
import { RecorderLog } from '../../../src/capture/recorder-log.js';

/** A project folder whose .clawtrace/ holds links planted by someone else, each pointing at a file to protect. */
function planted(): { project: string; dir: string; victim: string } {
  const project = tempDir('ct-links-');
  const dir = path.join(project, '.clawtrace');
  fs.mkdirSync(dir);
  const victim = path.join(tempDir('ct-victim-'), 'precious.txt');
  fs.writeFileSync(victim, 'precious\n');
  return { project, dir, victim };
}

test('a database path that is a link (dangling or not) is refused: nothing is created at its target', async () => {
  const { project, dir, victim } = planted();
  const elsewhere = path.join(path.dirname(victim), 'created-here.db');
  fs.symlinkSync(elsewhere, path.join(dir, 'clawtrace.db'));
  const r = await clawtrace(['sessions'], { cwd: project });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /clawtrace\.db: it is a symbolic link/);
  assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
  assert.equal(fs.existsSync(elsewhere), false, 'no database created at the link’s target');
});

test('proxy.json planted as a link: the proxy refuses to start and the target is untouched', async () => {
  const { project, dir, victim } = planted();
  fs.symlinkSync(victim, path.join(dir, 'proxy.json'));
  const r = await clawtrace(['proxy'], { cwd: project, timeoutMs: 20_000 });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /proxy\.json: it is a symbolic link/);
  assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n');
});

test('recorder.log planted as a link: nothing is appended to its target (the failure is said once on stderr)', () => {
  const { dir, victim } = planted();
  const file = path.join(dir, 'recorder.log');
  fs.symlinkSync(victim, file);
  const log = new RecorderLog(file);
  log.error('a test failure', new Error('boom'));
  log.info('more');
  assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n');
  assert.equal(log.errors, 1);
});

test('.clawtrace/.gitignore ignores proxy.json (its secret URL), also in a folder made by an older clawtrace', async () => {
  const project = tempDir('ct-ignore-');
  const r = await clawtrace(['sessions'], { cwd: project });
  assert.equal(r.code, 0, r.stderr);
  const ignore = fs.readFileSync(path.join(project, '.clawtrace', '.gitignore'), 'utf8');
  assert.match(ignore, /^proxy\.json$/m);
  assert.match(ignore, /^clawtrace\.db$/m);
  const old = tempDir('ct-ignore-old-');
  fs.mkdirSync(path.join(old, '.clawtrace'));
  fs.writeFileSync(path.join(old, '.clawtrace', '.gitignore'), '# clawtrace: the database holds raw prompts; rules.yaml and prices.yaml may be committed\nclawtrace.db\nclawtrace.db-*\n');
  await clawtrace(['sessions'], { cwd: old });
  assert.match(fs.readFileSync(path.join(old, '.clawtrace', '.gitignore'), 'utf8'), /^proxy\.json$/m);
});
