import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startScriptedServer } from '../../src/scripted/server.js';
import { openDb } from '../../src/store/db.js';
import { listSessions } from '../../src/store/sessions-repo.js';
import { listCalls } from '../../src/store/calls-repo.js';
import { CLI, clawtrace, REPO_ROOT, run, tempDir, exportedVars } from '../helpers/cli.js';

test('clawtrace proxy + clawtrace env: an agent started some other way is recorded; Ctrl-C closes the session', async () => {
  const up = await startScriptedServer({ scenario: 'echo' });
  const db = path.join(tempDir(), 'ct.db');
  const none = await clawtrace(['env', '--db', db]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no clawtrace proxy is running/);
  const proxy = spawn(process.execPath, [CLI, 'proxy', '--db', db, '--name', 'from-proxy'], {
    env: { ...process.env, HOME: tempDir('ct-proxy-home-'), OPENAI_BASE_URL: `${up.url}/v1`, ANTHROPIC_BASE_URL: up.url },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    const state = path.join(path.dirname(db), 'proxy.json');
    for (let i = 0; i < 100 && !fs.existsSync(state); i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(fs.statSync(state).mode & 0o777, 0o600);
    const env = await clawtrace(['env', '--db', db]);
    assert.equal(env.code, 0, env.stderr);
    const vars = exportedVars(env.stdout);
    // each `clawtrace env` puts a shell token of its own in the URLs (one session per client run, by shell)
    assert.match(vars['OPENAI_BASE_URL'] ?? '', /^http:\/\/127\.0\.0\.1:\d+\/__clawtrace_[0-9a-f]+\/~[0-9a-f]+\/openai\/v1$/);
    const untokened = (u: string | undefined): string => (u ?? '').replace(/\/~[0-9a-f]+\//, '/');
    // OpenClaw (config only) gets an overlay file; Codex (command line only) a line saying its -c flags
    const overlay = JSON.parse(fs.readFileSync(vars['OPENCLAW_CONFIG_PATH'] ?? '', 'utf8')) as { models: { providers: Record<string, { baseUrl: string }> } };
    assert.equal(overlay.models.providers['openai']?.baseUrl, untokened(vars['OPENAI_BASE_URL']));
    assert.equal(overlay.models.providers['anthropic']?.baseUrl, untokened(vars['ANTHROPIC_BASE_URL']));
    assert.ok(env.stdout.includes(`# Codex ignores these; run it as: codex -c 'model_provider="clawtrace"'`));
    assert.ok(env.stdout.includes(`base_url="${untokened(vars['OPENAI_BASE_URL']).replace(/\/__clawtrace_[0-9a-f]+/, '')}"`), 'no secret in Codex\'s flags');
    assert.match(vars['CLAWTRACE_SECRET'] ?? '', /^[0-9a-f]{24}$/, 'the secret Codex sends as a header comes from the environment');
    const client = await run(process.execPath, [path.join(REPO_ROOT, 'fixtures', 'clients', 'sdk-client.mjs'), 'chat'], { env: vars });
    assert.equal(client.code, 0, client.stderr);
    const exited = new Promise((r) => proxy.once('exit', r));
    proxy.kill('SIGINT');
    await exited;
    assert.equal(fs.existsSync(state), false, 'the state file is removed on exit');
    assert.equal(fs.existsSync(vars['OPENCLAW_CONFIG_PATH'] ?? ''), false, 'and so is the OpenClaw overlay');
    const store = openDb(db);
    const sessions = listSessions(store);
    assert.equal(sessions.length, 1);
    assert.equal(sessions[0]?.source, 'proxy');
    assert.equal(sessions[0]?.label, 'from-proxy');
    assert.ok(sessions[0]?.endedAt);
    assert.equal(listCalls(store, sessions[0]?.id ?? '').length, 3);
    assert.deepEqual(sessions[0]?.command.slice(-2), [path.join(REPO_ROOT, 'fixtures', 'clients', 'sdk-client.mjs'), 'chat']);
    store.close();
    const table = await clawtrace(['sessions', '--db', db]);
    // the client process behind the connection (found through /proc) gives the session its command line
    assert.match(table.stdout, /sdk-client\.mjs \(via proxy\).*from-proxy/, 'the table names the client that was recorded');
  } finally {
    proxy.kill();
    await up.close();
  }
});
