import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startScriptedServer } from '../../src/scripted/server.js';
import { openDb } from '../../src/store/db.js';
import { listSessions } from '../../src/store/sessions-repo.js';
import { compileSession } from '../../src/compile/compile-session.js';
import { makePriceTable } from '../../src/compile/pricing/price-table.js';
import type { ToolStep } from '../../src/domain/model.js';
import { spawn } from 'node:child_process';
import { CLI, clawtrace, REPO_ROOT, run, tempDir, proxyEnv } from '../helpers/cli.js';

const OPENCODE = path.join(REPO_ROOT, 'e2e', 'agents', 'node_modules', '.bin', 'opencode');
const skip = fs.existsSync(OPENCODE) ? false : 'opencode not installed: run scripts/install-e2e-agents.sh';

/** opencode with its own HOME / XDG folders and every network extra off. */
function opencodeEnv(): NodeJS.ProcessEnv {
  const home = tempDir('ct-oc-');
  return {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    ANTHROPIC_API_KEY: 'sk-ant-test-not-a-real-key-0000',
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
    OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
    OPENCODE_DISABLE_SHARE: '1',
  };
}
const ARGS = ['run', '--format', 'json', '-m', 'anthropic/claude-sonnet-4-6', 'run the commands'];

interface Part {
  type: string;
  part?: { type?: string; text?: string; cost?: number };
}
const parts = (out: string): Part[] => out.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Part);
const finalText = (p: Part[]): string | undefined => p.filter((x) => x.type === 'text').pop()?.part?.text;

async function runBoth(scenario: string) {
  const direct = await startScriptedServer({ scenario });
  const up = await startScriptedServer({ scenario });
  const db = path.join(tempDir(), 'ct.db');
  try {
    const envA = opencodeEnv();
    const a = await run(OPENCODE, ARGS, { env: { ...envA, ANTHROPIC_BASE_URL: `${direct.url}/v1` }, cwd: envA['HOME'] });
    const envB = opencodeEnv();
    const b = await clawtrace(['record', '--db', db, '--upstream-anthropic', up.url, '--', OPENCODE, ...ARGS], { env: envB, cwd: envB['HOME'] });
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const store = openDb(db);
    const session = listSessions(store)[0];
    assert.equal(session?.agentName, 'opencode');
    return { a: parts(a.stdout), b: parts(b.stdout), compiled: compileSession(store, session?.id ?? '', makePriceTable([])) };
  } finally {
    await direct.close();
    await up.close();
  }
}

test('opencode through clawtrace record: title side call marked auxiliary, two shell tools paired, same answer', { skip, timeout: 180_000 }, async () => {
  const { a, b, compiled } = await runBoth('shell-twice');
  assert.equal(finalText(b), finalText(a));
  assert.equal(finalText(b), 'done: ran two commands');
  const llm = compiled.structure.steps.filter((s) => s.kind === 'llm');
  assert.equal(llm.filter((s) => s.kind === 'llm' && s.auxiliary).length, 1, 'the title-generation call is a side call');
  assert.equal(llm.filter((s) => s.kind === 'llm' && !s.auxiliary).length, 3);
  const tools = compiled.structure.steps.filter((s): s is ToolStep => s.kind === 'tool');
  assert.deepEqual(tools.map((t) => [t.name, t.resultIn !== null]), [['bash', true], ['bash', true]]);
});

test('opencode sub-agent (task tool) linked by its x-parent-session-id header, cost rolled into the task call', { skip, timeout: 180_000 }, async () => {
  const { b, compiled } = await runBoth('subagent');
  assert.equal(finalText(b), 'done: sub-agent reported, ran two commands');
  const sub = compiled.structure.agents.find((x) => x.kind === 'subagent');
  assert.ok(sub);
  assert.equal(sub.linkEvidence, 'header');
  const spawn = compiled.structure.steps.find((s): s is ToolStep => s.kind === 'tool' && s.id === sub.spawnedByStepId);
  assert.equal(spawn?.name, 'task');
  assert.ok((compiled.costs.find((c) => c.stepId === spawn?.id)?.subagent ?? 0) > 0);
  // opencode prices each step itself; the main agent's steps are in its own output
  const own = b.filter((p) => p.type === 'step_finish').reduce((n, p) => n + (p.part?.cost ?? 0), 0);
  const mainCost = compiled.card.totals.by_agent.find((x) => x.agent === 'main')?.cost_usd ?? 0;
  const aux = compiled.card.totals.cost.auxiliary_usd ?? Number.NaN;
  assert.ok(Math.abs(mainCost - aux - own) / own < 0.02, `our main-agent $${mainCost - aux} vs opencode's own $${own}`);
});

test('opencode with its own ANTHROPIC_BASE_URL ending in /v1 (its form): the upstream sees /v1/messages, as directly', { skip, timeout: 180_000 }, async () => {
  const up = await startScriptedServer({ scenario: 'shell-twice' });
  const db = path.join(tempDir(), 'ct.db');
  try {
    const env = opencodeEnv();
    const r = await clawtrace(['record', '--db', db, '--', OPENCODE, ...ARGS], { env: { ...env, ANTHROPIC_BASE_URL: `${up.url}/v1` }, cwd: env['HOME'] });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(finalText(parts(r.stdout)), 'done: ran two commands');
    const paths = [...new Set(up.requests.map((q) => q.path.split('?')[0]))];
    assert.deepEqual(paths, ['/v1/messages']);
  } finally {
    await up.close();
  }
});

test('opencode pointed at clawtrace proxy by clawtrace env: its requests reach the upstream as /v1/messages', { skip, timeout: 180_000 }, async () => {
  const up = await startScriptedServer({ scenario: 'shell-twice' });
  const db = path.join(tempDir(), 'ct.db');
  const proxy = spawn(process.execPath, [CLI, 'proxy', '--db', db], { env: { ...process.env, ANTHROPIC_BASE_URL: up.url }, stdio: 'ignore' });
  try {
    const vars = await proxyEnv(db);
    const env = opencodeEnv();
    const r = await run(OPENCODE, ARGS, { env: { ...env, ...vars }, cwd: env['HOME'] });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(finalText(parts(r.stdout)), 'done: ran two commands');
    assert.deepEqual([...new Set(up.requests.map((q) => q.path.split('?')[0]))], ['/v1/messages']);
  } finally {
    proxy.kill('SIGINT');
    await new Promise((res) => proxy.once('exit', res));
    await up.close();
  }
});
