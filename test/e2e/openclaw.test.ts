import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startScriptedServer } from '../../src/scripted/server.js';
import { adaptLaunch } from '../../src/capture/launcher/agents/index.js';
import { openDb } from '../../src/store/db.js';
import { listSessions } from '../../src/store/sessions-repo.js';
import { compileSession } from '../../src/compile/compile-session.js';
import { makePriceTable } from '../../src/compile/pricing/price-table.js';
import type { ToolStep } from '../../src/domain/model.js';
import { clawtrace, run, tempDir } from '../helpers/cli.js';
import { assertSameRun, importOwnLogs } from './own-logs.js';
import { OPENCLAW, openclawEnv, skip, USER_CONFIG } from './openclaw-env.js';

const ARGS = ['agent', 'exec', 'run the commands', '--json'];

interface Envelope {
  ok: boolean;
  final: string;
  usage: { input: number; output: number; cacheRead: number; cacheWrite: number };
  toolSummary: { calls: number; tools: string[] };
}
const envelope = (stdout: string): Envelope => JSON.parse(stdout.slice(stdout.indexOf('{'))) as Envelope;

test('OpenClaw (Node 24) runs a shell tool twice through clawtrace record, routed by a config overlay: same answer, tools paired, tokens = its own', { skip, timeout: 240_000 }, async () => {
  const direct = await startScriptedServer({ scenario: 'shell-twice' });
  const up = await startScriptedServer({ scenario: 'shell-twice' });
  const db = path.join(tempDir(), 'ct.db');
  try {
    const a = openclawEnv();
    const routed = adaptLaunch([OPENCLAW, ...ARGS], (r) => (r === 'openai' ? `${direct.url}/v1` : direct.url), a.env, a.home);
    const ra = await run(routed.argv[0] ?? OPENCLAW, routed.argv.slice(1), { env: { ...a.env, ...routed.env }, cwd: path.join(a.home, 'work'), timeoutMs: 180_000 });
    routed.cleanup();
    const b = openclawEnv();
    const rb = await clawtrace(['record', '--db', db, '--upstream-anthropic', up.url, '--', OPENCLAW, ...ARGS], { env: b.env, cwd: path.join(b.home, 'work'), timeoutMs: 180_000 });
    assert.equal(ra.code, 0, ra.stderr.slice(-2000));
    assert.equal(rb.code, 0, rb.stderr.slice(-2000));
    const ea = envelope(ra.stdout);
    const eb = envelope(rb.stdout);
    assert.equal(eb.final, ea.final, 'the agent’s own output is what it is without the recorder');
    assert.equal(eb.final, 'done: ran two commands');
    assert.equal(fs.readFileSync(b.config, 'utf8'), USER_CONFIG, 'the user’s config file is untouched');
    assert.deepEqual(fs.readdirSync(path.join(b.home, '.openclaw')).filter((f) => f.startsWith('openclaw.json')), ['openclaw.json'], 'no overlay left beside it');

    const store = openDb(db);
    const session = listSessions(store)[0];
    assert.equal(session?.agentName, 'openclaw');
    assert.equal(session.agentVersion, '2026.9.6');
    const { structure, card } = compileSession(store, session.id, makePriceTable([]));
    store.close();
    const tools = structure.steps.filter((s): s is ToolStep => s.kind === 'tool');
    assert.equal(card.totals.llm_calls, 3);
    assert.equal(structure.agents.length, 1);
    assert.deepEqual(tools.map((t) => [t.name, t.resultIn !== null, t.resultPreview?.trim()]), [['exec', true, 'clawtrace-step-1'], ['exec', true, 'clawtrace-step-2']]);
    assert.equal(eb.toolSummary.calls, tools.length);
    // OpenClaw counts Anthropic usage the provider's way: input excludes the cached parts
    assert.equal(card.totals.tokens.cache_read, eb.usage.cacheRead);
    assert.equal(card.totals.tokens.cache_write, eb.usage.cacheWrite);
    assert.equal(card.totals.tokens.input, eb.usage.input + eb.usage.cacheRead + eb.usage.cacheWrite);
    assert.equal(card.totals.tokens.output, eb.usage.output);
  } finally {
    await direct.close();
    await up.close();
  }
});

test('OpenClaw agent --local through clawtrace record: its own SQLite session store, imported, tells the same story', { skip, timeout: 240_000 }, async () => {
  const up = await startScriptedServer({ scenario: 'shell-twice' });
  const db = path.join(tempDir(), 'ct.db');
  try {
    const b = openclawEnv();
    const args = ['agent', '--local', '--agent', 'main', '-m', 'run the commands', '--json'];
    const r = await clawtrace(['record', '--db', db, '--upstream-anthropic', up.url, '--', OPENCLAW, ...args], { env: b.env, cwd: path.join(b.home, 'work'), timeoutMs: 180_000 });
    assert.equal(r.code, 0, r.stderr.slice(-2000));
    assert.match(r.stdout, /done: ran two commands/);
    const store = openDb(db);
    const session = listSessions(store)[0];
    const recorded = compileSession(store, session?.id ?? '', makePriceTable([]));
    store.close();
    assert.equal(recorded.card.totals.llm_calls, 3);
    assertSameRun(await importOwnLogs(path.join(b.home, '.openclaw', 'agents')), recorded);
  } finally {
    await up.close();
  }
});
