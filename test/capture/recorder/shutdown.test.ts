import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { CLI, clawtrace, run, tempDir, proxyEnv } from '../../helpers/cli.js';
import { counts, LOAD_CLIENT, modelUpstream } from './harness.js';

test('record: an agent SIGKILLed with 30 streams open: clawtrace exits 137 and all 30 cut streams are stored', async () => {
  const up = await modelUpstream();
  const db = path.join(tempDir(), 'ct.db');
  try {
    const r = await clawtrace(['record', '--db', db, '--quiet', '--upstream-openai', `${up.url}/v1`, '--', process.execPath, LOAD_CLIENT, 'streams', '30', 'kill']);
    assert.equal(r.code, 137, r.stderr);
    const c = counts(db);
    c.db.close();
    assert.equal(c.exchanges['incomplete'], 30, JSON.stringify(c.exchanges));
    assert.equal(c.calls, 30);
  } finally {
    await up.close();
  }
});

test('record: an agent that aborts 30 streams as it exits normally: exit 0 and all 30 stored', async () => {
  const up = await modelUpstream();
  const db = path.join(tempDir(), 'ct.db');
  try {
    const r = await clawtrace(['record', '--db', db, '--quiet', '--upstream-openai', `${up.url}/v1`, '--', process.execPath, LOAD_CLIENT, 'streams', '30', 'abort']);
    assert.equal(r.code, 0, r.stderr);
    const c = counts(db);
    c.db.close();
    assert.equal(c.exchanges['incomplete'], 30, JSON.stringify(c.exchanges));
  } finally {
    await up.close();
  }
});

test('clawtrace proxy: Ctrl-C with 10 streams in flight stores all 10 and exits 0 without a stack trace', async () => {
  const up = await modelUpstream();
  const db = path.join(tempDir(), 'ct.db');
  const proxy = spawn(process.execPath, [CLI, 'proxy', '--db', db], { env: { ...process.env, OPENAI_BASE_URL: `${up.url}/v1` }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proxy.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    const vars = await proxyEnv(db);
    const client = spawn(process.execPath, [LOAD_CLIENT, 'streams', '10', 'hold'], { env: { ...process.env, ...vars }, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => client.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
    const exited = new Promise<number | null>((r) => proxy.once('exit', (code) => r(code)));
    proxy.kill('SIGINT');
    assert.equal(await exited, 0, stderr);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    client.kill('SIGKILL');
    const c = counts(db);
    c.db.close();
    assert.equal(c.exchanges['incomplete'], 10, JSON.stringify(c.exchanges));
    const sessions = await run(process.execPath, [CLI, 'sessions', '--db', db, '--json']);
    const rows = JSON.parse(sessions.stdout) as { duration_ms: number | null }[];
    assert.ok(rows.length >= 1 && rows.every((s) => s.duration_ms !== null), 'every session it opened is closed');
  } finally {
    proxy.kill('SIGKILL');
    await up.close();
  }
});
