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
import type { LlmStep, ToolStep } from '../../src/domain/model.js';
import { totalInput } from '../../src/domain/usage.js';
import { clawtrace, REPO_ROOT, run, tempDir } from '../helpers/cli.js';
import { assertSameRun, importOwnLogs } from './own-logs.js';

const CODEX = path.join(REPO_ROOT, 'e2e', 'agents', 'node_modules', '.bin', 'codex');
const skip = fs.existsSync(CODEX) ? false : 'Codex not installed: run scripts/install-e2e-agents.sh';

/** Codex in its own CODEX_HOME with update checks and analytics off. */
function codexEnv(): NodeJS.ProcessEnv {
  const home = tempDir('ct-codex-');
  fs.mkdirSync(path.join(home, '.codex'));
  fs.writeFileSync(path.join(home, '.codex', 'config.toml'), 'check_for_update_on_startup = false\n[analytics]\nenabled = false\n');
  return { HOME: home, CODEX_HOME: path.join(home, '.codex'), OPENAI_API_KEY: 'sk-test-not-a-real-key-000000' };
}
const ARGS = ['exec', '-m', 'gpt-5-codex', '--skip-git-repo-check', '--json', 'run the commands'];
// multi_agent_v2 gives the model the `collaboration` namespace: spawn_agent, wait_agent, ...
const SUBAGENT_ARGS = ['exec', '-m', 'gpt-5-codex', '--enable', 'multi_agent_v2', '--skip-git-repo-check', '--json', 'run the commands'];

interface Event {
  type: string;
  item?: { type: string; text?: string; aggregated_output?: string; tool?: string };
  usage?: { input_tokens: number; cached_input_tokens: number; output_tokens: number };
}
const events = (out: string): Event[] => out.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Event);
const answer = (e: Event[]): string | undefined => e.filter((x) => x.item?.type === 'agent_message').pop()?.item?.text;

/** Runs Codex once straight at a scripted server and once through `clawtrace record`, then compiles the recording. */
async function runBoth(scenario: string, args: string[]) {
  const direct = await startScriptedServer({ scenario });
  const up = await startScriptedServer({ scenario });
  const db = path.join(tempDir(), 'ct.db');
  try {
    const routed = adaptLaunch([CODEX, ...args], (r) => (r === 'openai' ? `${direct.url}/v1` : direct.url), {});
    const envA = codexEnv();
    const a = await run(routed.argv[0] ?? CODEX, routed.argv.slice(1), { env: envA, cwd: envA['HOME'] });
    const envB = codexEnv();
    const b = await clawtrace(['record', '--db', db, '--upstream-openai', `${up.url}/v1`, '--', CODEX, ...args], { env: envB, cwd: envB['HOME'] });
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const store = openDb(db);
    const session = listSessions(store)[0];
    assert.equal(session?.agentName, 'codex');
    const compiled = compileSession(store, session?.id ?? '', makePriceTable([]));
    store.close();
    return { direct: events(a.stdout), recorded: events(b.stdout), compiled, codexHome: envB['CODEX_HOME'] ?? '' };
  } finally {
    await direct.close();
    await up.close();
  }
}

test('Codex runs a shell tool twice through clawtrace record (routed by -c overrides): same answer, calls, tools, tokens = its own', { skip, timeout: 180_000 }, async () => {
  const { direct, recorded, compiled } = await runBoth('shell-twice', ARGS);
  assert.equal(answer(recorded), answer(direct), 'the agent’s own output is what it is without the recorder');
  assert.equal(answer(recorded), 'done: ran two commands');
  const { structure, card } = compiled;
  const tools = structure.steps.filter((s): s is ToolStep => s.kind === 'tool');
  assert.equal(card.totals.llm_calls, 3);
  assert.deepEqual(tools.map((t) => [t.name, t.resultIn !== null]), [['exec_command', true], ['exec_command', true]]);
  const usage = recorded.filter((e) => e.type === 'turn.completed').pop()?.usage;
  assert.ok(usage);
  assert.equal(card.totals.tokens.input, usage.input_tokens, 'input tokens agree with what Codex itself counted');
  assert.equal(card.totals.tokens.cache_read, usage.cached_input_tokens);
  assert.equal(card.totals.tokens.output, usage.output_tokens);
});

test('Codex spawns a sub-agent (collaboration.spawn_agent, then wait_agent): linked to its spawn call although the call returned first', { skip, timeout: 180_000 }, async () => {
  const { direct, recorded, compiled, codexHome } = await runBoth('subagent', SUBAGENT_ARGS);
  // Codex's own rollouts (parent and child thread) imported tell the same story as the recording
  assertSameRun(await importOwnLogs(path.join(codexHome, 'sessions')), compiled);
  assert.equal(answer(recorded), answer(direct));
  assert.equal(answer(recorded), 'done: sub-agent reported, ran two commands');
  assert.ok(recorded.some((e) => e.item?.type === 'collab_tool_call' && e.item.tool === 'wait'), 'Codex itself ran the wait');
  const { structure, costs, card } = compiled;
  const sub = structure.agents.find((a) => a.kind === 'subagent');
  assert.ok(sub, 'a sub-agent was found');
  assert.equal(sub.linkEvidence, 'header', 'linked by x-codex-parent-thread-id');
  const spawn = structure.steps.find((s): s is ToolStep => s.kind === 'tool' && s.id === sub.spawnedByStepId);
  assert.equal(spawn?.name, 'collaboration.spawn_agent');
  assert.equal(spawn.spawnedAgentId, sub.id);
  // Codex answers spawn_agent at once: the spawn's result went back before the child's first call
  const firstChild = structure.steps.find((s) => s.kind === 'llm' && s.agentId === sub.id);
  assert.ok(firstChild && spawn.resultIn && Number(spawn.resultIn.slice(1)) < Number(firstChild.id.slice(1)));
  const mainTools = structure.steps.filter((s): s is ToolStep => s.kind === 'tool' && s.agentId === 'main').map((t) => t.name);
  assert.deepEqual(mainTools, ['collaboration.spawn_agent', 'collaboration.wait_agent', 'exec_command', 'exec_command']);
  const subLlm = structure.steps.filter((s): s is LlmStep => s.kind === 'llm' && s.agentId === sub.id);
  const subTools = structure.steps.filter((s): s is ToolStep => s.kind === 'tool' && s.agentId === sub.id);
  assert.equal(subLlm.length, 2);
  assert.deepEqual(subTools.map((t) => [t.name, t.resultIn !== null]), [['exec_command', true]]);
  assert.equal(card.totals.llm_calls, 7, '5 main-agent calls + 2 sub-agent calls');
  const rolled = costs.find((c) => c.stepId === spawn.id)?.subagent ?? 0;
  const childDirect = subLlm.reduce((n, s) => n + (costs.find((c) => c.stepId === s.id)?.direct ?? 0), 0);
  assert.ok(rolled > 0 && Math.abs(rolled - childDirect) < 1e-9, `rolled $${rolled} vs the child's own $${childDirect}`);
  const usage = recorded.filter((e) => e.type === 'turn.completed').pop()?.usage;
  assert.ok(usage);
  // Codex's turn usage counts its own thread only; the sub-agent's calls come on top
  const main = structure.steps.filter((s): s is LlmStep => s.kind === 'llm' && s.agentId === 'main');
  assert.equal(main.reduce((n, s) => n + (s.usage ? totalInput(s.usage) : 0), 0), usage.input_tokens);
  assert.equal(main.reduce((n, s) => n + (s.usage?.output ?? 0), 0), usage.output_tokens);
  const child = subLlm.reduce((n, s) => n + (s.usage ? totalInput(s.usage) : 0), 0);
  assert.equal(card.totals.tokens.input, usage.input_tokens + child);
});

test('Codex with its own provider (config.toml [model_providers.corp], chosen by a profile): its env_key, wire API and base_url are kept', { skip, timeout: 180_000 }, async () => {
  const up = await startScriptedServer({ scenario: 'shell-twice' });
  const db = path.join(tempDir(), 'ct.db');
  try {
    const home = tempDir('ct-codex-corp-');
    fs.mkdirSync(path.join(home, '.codex'));
    fs.writeFileSync(
      path.join(home, '.codex', 'config.toml'),
      [
        'check_for_update_on_startup = false',
        '[analytics]',
        'enabled = false',
        '[model_providers.corp]',
        'name = "Corp gateway"',
        `base_url = "${up.url}/v1"`,
        'env_key = "CORP_API_KEY"',
        'wire_api = "responses"',
        '',
      ].join('\n'),
    );
    // Codex 0.16x keeps a profile in a file of its own, chosen with --profile
    fs.writeFileSync(path.join(home, '.codex', 'work.config.toml'), 'model_provider = "corp"\n');
    // no OPENAI_API_KEY at all, and no --upstream flag: everything comes from Codex's own config
    const env = { HOME: home, CODEX_HOME: path.join(home, '.codex'), CORP_API_KEY: 'corp-key-not-real-123', OPENAI_API_KEY: '' };
    const r = await clawtrace(['record', '--db', db, '--', CODEX, '-p', 'work', ...ARGS], { env, cwd: home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(answer(events(r.stdout)), 'done: ran two commands');
    const calls = up.requests.filter((q) => q.path.endsWith('/responses'));
    assert.equal(calls.length, 3, 'every call reached the provider’s own base_url');
    assert.ok(calls.every((q) => q.path === '/v1/responses' && q.headers['authorization'] === 'Bearer corp-key-not-real-123'), 'with the provider’s own key');
    const store = openDb(db);
    const routes = store.prepare('SELECT DISTINCT route FROM exchanges').all() as { route: string }[];
    const session = listSessions(store)[0];
    const compiled = compileSession(store, session?.id ?? '', makePriceTable([]));
    store.close();
    assert.deepEqual(routes.map((x) => x.route), ['codex-corp']);
    assert.equal(compiled.card.totals.llm_calls, 3);
  } finally {
    await up.close();
  }
});
