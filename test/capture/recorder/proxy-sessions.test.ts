import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { CLI, run, tempDir, proxyEnv } from '../../helpers/cli.js';
import { LOAD_CLIENT, modelUpstream } from './harness.js';
import { openDb } from '../../../src/store/db.js';
import { listSessions } from '../../../src/store/sessions-repo.js';
import { countCalls } from '../../../src/store/calls-repo.js';

test('clawtrace proxy: a session per client run (no idle-time merging), sub-agents joined to their parent, each ended when its client exits', async () => {
  const up = await modelUpstream();
  const db = path.join(tempDir(), 'ct.db');
  const proxy = spawn(process.execPath, [CLI, 'proxy', '--db', db], { env: { ...process.env, OPENAI_BASE_URL: `${up.url}/v1` }, stdio: 'ignore' });
  try {
    const vars = await proxyEnv(db);
    const client = (...args: string[]) => run(process.execPath, [LOAD_CLIENT, ...args], { env: vars });
    // two runs one after the other, then two at once: four headerless scripts, four sessions
    assert.equal((await client('calls', '2')).code, 0);
    assert.equal((await client('calls', '2')).code, 0);
    await Promise.all([client('calls', '2'), client('calls', '2')]);
    // an opencode-like client and its sub-agent (its own session id, naming the parent's)
    await client('headers', 'sess-parent');
    await client('headers', 'sess-child', 'sess-parent');
    let sessions = listSessions(openDb(db));
    for (let i = 0; i < 60 && sessions.filter((s) => s.endedAt !== null).length < 5; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const store = openDb(db);
      sessions = listSessions(store);
      store.close();
    }
    assert.equal(sessions.length, 5, 'four script runs and one agent with its sub-agent');
    assert.equal(sessions.filter((s) => s.endedAt !== null).length, 5, 'each ended when its client process exited, the proxy still running');
    const store = openDb(db);
    for (const s of sessions) assert.equal(countCalls(store, s.id), 2, `session ${s.id}`);
    store.close();
    const scripts = sessions.filter((s) => s.command.includes('calls'));
    assert.equal(scripts.length, 4, 'the client’s own command line names each script run');
    assert.ok(scripts.every((s) => s.command.includes(LOAD_CLIENT)));
  } finally {
    proxy.kill('SIGINT');
    await new Promise((r) => proxy.once('exit', r));
    await up.close();
  }
});
