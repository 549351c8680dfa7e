import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { clawtrace, REPO_ROOT } from '../helpers/cli.js';

const own = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

test('--version prints clawtrace\'s own version, not the one of the project an npm script runs in', async () => {
  for (const args of [['--version'], ['-V'], ['--db', 'x.db', '--version']]) {
    const r = await clawtrace(args, { env: { npm_package_version: '9.9.9-theirs' } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), own, args.join(' '));
  }
  // help still lists every command (the whole program is built for it)
  const help = await clawtrace(['--help']);
  assert.equal(help.code, 0);
  for (const name of ['record', 'card', 'distill', 'report', 'export']) assert.match(help.stdout, new RegExp(`\\n  ${name}\\b`));
});
