import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startScriptedServer } from '../../src/scripted/server.js';
import { openDb } from '../../src/store/db.js';
import { listCalls } from '../../src/store/calls-repo.js';
import { listSessions } from '../../src/store/sessions-repo.js';
import { CLI, REPO_ROOT, run, tempDir, proxyEnv } from '../helpers/cli.js';
import { startReceiver } from './otlp-receiver.js';

test('proxy --otlp streams the calls of an agent started some other way; Ctrl-C sends the session span', async () => {
  const up = await startScriptedServer({ scenario: 'echo' });
  const rx = await startReceiver();
  const db = path.join(tempDir(), 'ct.db');
  const proxy = spawn(process.execPath, [CLI, 'proxy', '--db', db, '--otlp', rx.url], {
    env: { ...process.env, HOME: tempDir('ct-proxy-home-'), OPENAI_BASE_URL: `${up.url}/v1`, ANTHROPIC_BASE_URL: up.url },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    const vars = await proxyEnv(db);
    const client = await run(process.execPath, [path.join(REPO_ROOT, 'fixtures', 'clients', 'sdk-client.mjs'), 'chat'], { env: vars });
    assert.equal(client.code, 0, client.stderr);
    const exited = new Promise((r) => proxy.once('exit', r));
    proxy.kill('SIGINT');
    await exited;
    const store = openDb(db);
    const [session] = listSessions(store);
    const calls = listCalls(store, session?.id ?? '');
    store.close();
    const chats = rx.spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
    const roots = rx.spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'invoke_agent');
    assert.equal(chats.length, calls.length);
    assert.ok(calls.length > 0);
    assert.equal(roots.length, 1);
    assert.equal(roots[0]?.attributes['gen_ai.conversation.id'], session?.id);
    assert.ok(chats.every((c) => c.parentSpanId === roots[0]?.spanId && c.attributes['gen_ai.request.model']));
  } finally {
    if (proxy.exitCode === null) proxy.kill('SIGKILL');
    await rx.close();
    await up.close();
  }
});
