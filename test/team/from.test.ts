import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openDb } from '../../src/store/db.js';
import { clawtrace, tempDir } from '../helpers/cli.js';
import { freshTeamDb } from './clickhouse.js';
import { demoSessions, teamOne } from './fixture.js';

test('sessions, distill and compare --from clickhouse:// give what the same commands give over the pushed database', async (t) => {
  const url = await freshTeamDb(t);
  if (!url) return;
  const root = tempDir();
  const file = path.join(root, 'ct.db');
  const db = openDb(file);
  const demo = demoSessions(db);
  teamOne(db, root);
  db.close();
  const push = await clawtrace(['push', '--db', file, '--to', url]);
  assert.equal(push.code, 0, push.stderr);

  const local = JSON.parse((await clawtrace(['sessions', '--db', file, '--json'])).stdout) as { id: string; cost_usd: number }[];
  const team = JSON.parse((await clawtrace(['sessions', '--from', url, '--json'])).stdout) as { id: string; costUsd: number; user: string }[];
  assert.deepEqual(team.map((s) => s.id).sort(), local.map((s) => s.id).sort());
  for (const s of team) assert.ok(Math.abs(s.costUsd - (local.find((l) => l.id === s.id)?.cost_usd ?? -1)) < 1e-6, s.id);

  const d1 = await clawtrace(['distill', '--db', file, '--format', 'json']);
  const d2 = await clawtrace(['distill', '--from', url, '--format', 'json']);
  assert.equal(d2.code, 0, d2.stderr);
  assert.deepEqual(JSON.parse(d2.stdout), JSON.parse(d1.stdout), 'the team learns the same rules from the same cards');
  assert.ok((JSON.parse(d2.stdout) as { rules: unknown[] }).rules.length > 0);

  const groups = [demo[0] ?? '', `${demo[1] ?? ''},${demo[2] ?? ''}`];
  const c1 = await clawtrace(['compare', ...groups, '--db', file, '--json']);
  const c2 = await clawtrace(['compare', ...groups, '--from', url, '--json']);
  assert.equal(c2.code, 0, c2.stderr);
  assert.deepEqual(JSON.parse(c2.stdout), JSON.parse(c1.stdout));
  const none = await clawtrace(['compare', 'nosuch', 'since:2020-01-01', '--from', url]);
  assert.equal(none.code, 2);

  const plain = await clawtrace(['sessions', '--db', file]);
  assert.match(plain.stderr, /^store: 6 sessions, 44 calls, 33 raw exchanges/m, 'the sessions list says what the store holds');
});
