import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { clawtrace, tempDir } from '../../helpers/cli.js';
import { openDb } from '../../../src/store/db.js';
import { blankSession } from '../../../src/domain/session.js';
import { insertSession } from '../../../src/store/sessions-repo.js';
import { upsertCall } from '../../../src/store/calls-repo.js';
import { makeUsage } from '../../../src/domain/usage.js';
import { maskArgv, maskSecrets } from '../../../src/util/secrets.js';

const GHP = `ghp_${'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6'}`;
const SECRETS = ['s3cr3t-b34rer-v4lue', 'hunter2pass', 'letmein', 'pa55word', GHP.slice(4)];

test('secrets on a recorded command line are neither stored nor printed (sessions --json, show --json, card)', async () => {
  const db = path.join(tempDir(), 'ct.db');
  const argv = [process.execPath, '-e', '0', '--', '--header', 'Authorization: Bearer s3cr3t-b34rer-v4lue', '--auth=hunter2pass', '-u', 'admin:letmein', '--password', 'pa55word', GHP];
  const r = await clawtrace(['record', '--db', db, '--quiet', '--', ...argv]);
  assert.equal(r.code, 0, r.stderr);
  const store = openDb(db);
  const raw = (store.prepare('SELECT command_json FROM sessions').get() as { command_json: string }).command_json;
  store.close();
  for (const out of [raw, (await clawtrace(['sessions', '--db', db, '--json'])).stdout, (await clawtrace(['show', 'last', '--db', db, '--json'])).stdout, (await clawtrace(['card', 'last', '--db', db])).stdout]) {
    for (const s of SECRETS) assert.equal(out.includes(s), false, `${s} leaked in ${out.slice(0, 300)}`);
  }
  assert.match(raw, /admin:\*\*\*/, 'the user of -u stays');
  assert.match(raw, /ghp_\*\*\*/);
});

test('tool arguments carrying secrets are masked in show (tree and --json) and cards', async () => {
  const db = path.join(tempDir(), 'ct.db');
  const store = openDb(db);
  insertSession(store, blankSession({ id: 'sec1', source: 'record', startedAt: 1000, endedAt: 2000 }));
  const args = JSON.stringify({ command: `curl -H "Authorization: Bearer s3cr3t-b34rer-v4lue" -u admin:letmein --password pa55word https://x.test ${GHP}` });
  upsertCall(store, {
    sessionId: 'sec1',
    seq: 1,
    exchangeId: null,
    naturalKey: 'sec1:1',
    parserVersion: 1,
    startedAt: 1000,
    firstByteAt: 1100,
    endedAt: 1200,
    call: {
      api: 'openai-chat',
      provider: 'openai',
      modelRequested: 'gpt-4o-mini',
      model: 'gpt-4o-mini',
      stream: false,
      usage: makeUsage({ inputUncached: 10, output: 5 }),
      rawUsage: null,
      stopReason: 'tool_calls',
      outputText: '',
      toolCalls: [{ id: 'call_1', name: 'bash', args }],
      request: { messageCount: 1, systemHash: null, headHash: null, lastAssistant: null, toolResults: [], toolsDeclared: ['bash'], inputChars: 10, firstUserText: 'go', lastUserText: 'go' },
      error: null,
      complete: true,
      hints: {},
    },
  });
  store.close();
  for (const args2 of [['show', 'sec1'], ['show', 'sec1', '--json'], ['card', 'sec1']]) {
    const out = await clawtrace([...args2, '--db', db]);
    assert.equal(out.code, 0, out.stderr);
    for (const s of SECRETS) assert.equal(out.stdout.includes(s), false, `${args2.join(' ')} leaked ${s}`);
  }
});

test('one masking: command-line forms and free text alike', () => {
  assert.deepEqual(maskArgv(['curl', '-H', 'x-api-key: abc', '--token', 'tkn', 'OPENAI_API_KEY=sk-x', 'ls']), ['curl', '-H', 'x-api-key: ***', '--token', '***', 'OPENAI_API_KEY=***', 'ls']);
  assert.equal(maskSecrets('mysql --password=hunter2 -u root:toor db'), 'mysql --password=*** -u root:*** db');
  assert.equal(maskSecrets('npm test -- --grep "password reset flow"'), 'npm test -- --grep "password reset flow"');
});
