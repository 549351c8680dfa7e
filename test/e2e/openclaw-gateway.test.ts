import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { startScriptedServer } from '../../src/scripted/server.js';
import { getScenario } from '../../src/scripted/scenarios.js';
import type { Scenario } from '../../src/scripted/turn.js';
import { openDb } from '../../src/store/db.js';
import { listSessions } from '../../src/store/sessions-repo.js';
import { compileSession } from '../../src/compile/compile-session.js';
import { makePriceTable } from '../../src/compile/pricing/price-table.js';
import type { ToolStep } from '../../src/domain/model.js';
import { CLI, run, tempDir } from '../helpers/cli.js';
import { assertSameRun, importOwnLogs } from './own-logs.js';
import { OPENCLAW, openclawEnv, skip } from './openclaw-env.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

const plain = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');

test('OpenClaw gateway under clawtrace record: sessions_spawn through its tool bridge, the child linked by its task, the parent resumed by the child’s report', { skip, timeout: 240_000 }, async () => {
  // the scripted model's sub-agent scenario, watched for the parent's final answer (it comes after the CLI returns)
  const subagent = getScenario('subagent') as Scenario;
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const up = await startScriptedServer({
    scenario: (turn) => {
      const reply = subagent(turn);
      if (reply.text?.startsWith('done:')) setTimeout(finished, 500);
      return reply;
    },
  });
  const port = await freePort();
  const b = openclawEnv(`{\n  agents: { defaults: { model: { primary: "anthropic/claude-sonnet-4-5" } } },\n  gateway: { mode: "local", port: ${port} },\n}\n`);
  const env = { ...process.env, ...b.env, OPENCLAW_GATEWAY_TOKEN: 'ct-test-gateway-token-0000', NO_COLOR: '1' };
  const db = path.join(tempDir(), 'ct.db');
  const args = ['record', '--db', db, '--upstream-anthropic', up.url, '--', OPENCLAW, 'gateway', 'run', '--allow-unconfigured', '--bind', 'loopback', '--auth', 'token', '--port', String(port)];
  const gateway = spawn(process.execPath, [CLI, ...args], { env, cwd: path.join(b.home, 'work'), stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const exited = new Promise<number | null>((resolve) => gateway.once('exit', (code) => resolve(code)));
  try {
    const ready = new Promise<void>((resolve, reject) => {
      const onData = (d: Buffer): void => {
        log += d.toString();
        if (/\[gateway\] ready/.test(plain(log))) resolve();
      };
      gateway.stdout.on('data', onData);
      gateway.stderr.on('data', onData);
      void exited.then((code) => reject(new Error(`gateway exited (${code}) before it was ready:\n${plain(log).slice(-2000)}`)));
    });
    await ready;
    const r = await run(OPENCLAW, ['agent', '--agent', 'main', '-m', 'run the commands', '--json'], { env, cwd: path.join(b.home, 'work'), timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stderr.slice(-2000));
    const accepted = (JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { result?: { acceptedSessionSpawns?: unknown[] } }).result?.acceptedSessionSpawns;
    assert.equal(accepted?.length, 1, 'OpenClaw accepted one sub-agent run');
    await done;
  } finally {
    gateway.kill('SIGINT');
    await exited;
    await up.close();
  }
  assert.match(plain(log), /clawtrace: session [0-9a-f]{12} · \d+ LLM calls/, 'the recording ended with the gateway');

  const store = openDb(db);
  const session = listSessions(store)[0];
  assert.equal(session?.agentName, 'openclaw');
  const compiled = compileSession(store, session.id, makePriceTable([]));
  store.close();
  const { structure, costs } = compiled;
  const sub = structure.agents.find((a) => a.kind === 'subagent');
  assert.ok(sub, 'a sub-agent was found');
  assert.equal(structure.agents.length, 2);
  assert.equal(sub.linkEvidence, 'prompt', 'linked by its task: the spawn had answered "accepted" before the child ran');
  assert.equal(sub.label, 'helper');
  const tools = (agentId: string) =>
    structure.steps.filter((s): s is ToolStep => s.kind === 'tool' && s.agentId === agentId).map((t) => [t.name, t.resultIn !== null]);
  assert.deepEqual(tools('main'), [['sessions_spawn', true], ['sessions_yield', true], ['exec', true], ['exec', true]]);
  assert.deepEqual(tools(sub.id), [['exec', true]]);
  const spawnStep = structure.steps.find((s): s is ToolStep => s.kind === 'tool' && s.id === sub.spawnedByStepId);
  assert.equal(spawnStep?.name, 'sessions_spawn', 'the bridged tool_call is named after the tool it ran');
  const loop = structure.steps.filter((s) => s.kind === 'llm' && !s.auxiliary);
  assert.equal(loop.filter((s) => s.agentId === 'main').length, 5, 'spawn, yield, two commands, final answer');
  assert.equal(loop.filter((s) => s.agentId === sub.id).length, 2);
  for (const s of structure.steps) if (s.kind === 'llm' && s.auxiliary) assert.equal(s.toolStepIds.length, 0, 'side calls ask for no tools');
  const rolled = costs.find((c) => c.stepId === spawnStep.id)?.subagent ?? 0;
  const child = loop.filter((s) => s.agentId === sub.id).reduce((n, s) => n + (costs.find((c) => c.stepId === s.id)?.direct ?? 0), 0);
  assert.ok(rolled > 0 && Math.abs(rolled - child) < 1e-9, `sub-agent $${child} rolled into the spawn call ($${rolled})`);
  // OpenClaw's own session store (parent and child) imported tells the same story
  const imported = await importOwnLogs(path.join(b.home, '.openclaw', 'agents'));
  assertSameRun(imported, compiled);
  // the continuation rebuilds the system prompt and re-sends the first message as a string: the results stay carried
  const carried = (c: typeof compiled): number => c.card.totals.cost.carried_usd;
  assert.ok(carried(compiled) > 0 && Math.abs(carried(compiled) - carried(imported)) / carried(imported) < 0.05, `carried $${carried(compiled)} recorded vs $${carried(imported)} in OpenClaw's own log`);
});
