import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, clawtrace, run, tempDir, proxyEnv } from '../../helpers/cli.js';
import { LOAD_CLIENT, modelUpstream } from './harness.js';
import { openDb } from '../../../src/store/db.js';
import { listSessions } from '../../../src/store/sessions-repo.js';

test('a proxy that was SIGKILLed: `env` says it is gone (no dead URL), `watch` of its open session ends, the next recorder closes it', async () => {
  const up = await modelUpstream();
  const db = path.join(tempDir(), 'ct.db');
  const proxy = spawn(process.execPath, [CLI, 'proxy', '--db', db], { env: { ...process.env, OPENAI_BASE_URL: `${up.url}/v1` }, stdio: 'ignore' });
  const state = path.join(path.dirname(db), 'proxy.json');
  try {
    const vars = await proxyEnv(db);
    // a client that keeps running: its session stays open as long as the proxy lives
    const client = spawn(process.execPath, [LOAD_CLIENT, 'streams', '1', 'hold'], { env: { ...process.env, ...vars }, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => client.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
    await run(process.execPath, [LOAD_CLIENT, 'calls', '1'], { env: vars });
    for (let i = 0; i < 50; i++) {
      const s = openDb(db);
      const n = listSessions(s).length;
      s.close();
      if (n > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const died = new Promise((r) => proxy.once('exit', r));
    proxy.kill('SIGKILL');
    await died;
    client.kill('SIGKILL');
    assert.ok(fs.existsSync(state), 'a killed proxy leaves its state file behind');
    const stale = await clawtrace(['env', '--db', db]);
    assert.equal(stale.code, 2);
    assert.match(stale.stderr, /is not running any more/);
    assert.equal(stale.stdout, '', 'no dead URL printed');
    assert.equal(fs.existsSync(state), false, 'the stale file is removed');
    const store = openDb(db);
    const open = listSessions(store).filter((s) => s.endedAt === null);
    store.close();
    assert.ok(open.length >= 1, 'the killed proxy left sessions open');
    const watch = await clawtrace(['watch', open[0]?.id ?? '', '--db', db, '--interval', '100'], { timeoutMs: 20_000 });
    assert.equal(watch.code, 0, watch.stderr);
    assert.match(watch.stdout, /session ended: recorder exited without closing the session/);
    // the next recorder closes whatever the dead one left open
    const rec = await clawtrace(['record', '--db', db, '--quiet', '--', process.execPath, '-e', '0']);
    assert.equal(rec.code, 0, rec.stderr);
    const after = openDb(db);
    assert.deepEqual(listSessions(after).filter((s) => s.endedAt === null).map((s) => s.id), []);
    after.close();
  } finally {
    proxy.kill('SIGKILL');
    await up.close();
  }
});
