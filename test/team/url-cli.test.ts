import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openDb } from '../../src/store/db.js';
import { parseTarget, resolveTarget, TeamUrlError } from '../../src/team/url.js';
import { clawtrace, tempDir } from '../helpers/cli.js';
import { freshTeamDb } from './clickhouse.js';
import { teamOne } from './fixture.js';

test('team store URLs: the forms accepted, and no printable form holds the password', () => {
  const t = parseTarget('clickhouse://ana:s%40cret@ch.example:9000/team_db');
  assert.deepEqual([t.url, t.username, t.password, t.database], ['http://ch.example:9000', 'ana', 's@cret', 'team_db']);
  assert.equal(t.display, 'clickhouse://ana@ch.example:9000/team_db');
  assert.equal(t.key, 'http://ch.example:9000/team_db');
  const s = parseTarget('clickhouses://bob:pw@ch.example');
  assert.deepEqual([s.url, s.database, s.display], ['https://ch.example:8443', 'clawtrace', 'clickhouses://bob@ch.example:8443/clawtrace']);
  assert.equal(parseTarget('http://127.0.0.1:8123/x?secure=1').url, 'https://127.0.0.1:8123');
  assert.equal(parseTarget('https://h/').username, 'default');
  assert.equal(resolveTarget(undefined, { CLAWTRACE_CLICKHOUSE_URL: 'clickhouse://u:p@h:1/d' }, '--to').database, 'd');
  for (const bad of ['nota url with secret', 'ftp://u:p@h/db', 'clickhouse://u:p@h/bad-name']) {
    assert.throws(() => parseTarget(bad), (e: unknown) => e instanceof TeamUrlError && !e.message.includes('secret') && !e.message.includes(':p@'));
  }
  assert.throws(() => resolveTarget(undefined, {}, '--to'), TeamUrlError);
});

test('push: usage mistakes exit 2, an unreachable or refusing server is one line without the password', async (t) => {
  const file = path.join(tempDir(), 'ct.db');
  const db = openDb(file);
  teamOne(db, tempDir());
  db.close();
  const env = { CLAWTRACE_CLICKHOUSE_URL: '' };
  for (const args of [['--to', 'clickhouse://h/db', '--raw', 'some'], ['--to', 'clickhouse://h/db', '--raw-min-waste', '-1'], [], ['--to', 'mysql://u:p@h/db']]) {
    const r = await clawtrace(['push', '--db', file, ...args], { env });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  const down = await clawtrace(['push', '--db', file, '--to', 'clickhouse://ana:hunter2hunter2@127.0.0.1:9/db'], { env });
  assert.equal(down.code, 1);
  assert.equal(down.stderr.trim().split('\n').length, 1, down.stderr);
  assert.doesNotMatch(down.stderr, /hunter2/);

  const url = await freshTeamDb(t);
  if (!url) return;
  const wrong = new URL(url);
  wrong.password = 'not-the-password-4821';
  const refused = await clawtrace(['push', '--db', file, '--to', wrong.toString()], { env });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /password/i);
  assert.doesNotMatch(refused.stderr, /not-the-password-4821/);
  // the same URL from the environment works, and nothing of it lands in the local database
  const ok = await clawtrace(['push', '--db', file], { env: { CLAWTRACE_CLICKHOUSE_URL: url } });
  assert.equal(ok.code, 0, ok.stderr);
  const local = openDb(file);
  const targets = local.prepare('SELECT DISTINCT target FROM push_state').all() as { target: string }[];
  local.close();
  assert.equal(targets.length, 1);
  assert.doesNotMatch(targets[0]?.target ?? '', /@|ct-test-secret|clawtrace:/);
});
