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
import { clawtrace, REPO_ROOT, run, tempDir } from '../helpers/cli.js';
import { assertSameRun, importOwnLogs } from './own-logs.js';

const CLAUDE = path.join(REPO_ROOT, 'e2e', 'agents', 'node_modules', '.bin', 'claude');
const skip = fs.existsSync(CLAUDE) ? false : 'Claude Code not installed: run scripts/install-e2e-agents.sh';

/** Claude Code, headless, in its own HOME, quiet (no telemetry, no update checks), against a given base URL. */
function claudeEnv(home: string): NodeJS.ProcessEnv {
  return {
    HOME: home,
    ANTHROPIC_API_KEY: 'sk-ant-test-not-a-real-key-0000',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_ERROR_REPORTING: '1',
    IS_SANDBOX: '1',
  };
}
const ARGS = ['-p', 'run the commands', '--output-format', 'stream-json', '--verbose', '--allowedTools', 'Bash', '--dangerously-skip-permissions'];

interface Result {
  result: string;
  total_cost_usd: number;
}
const resultOf = (stdout: string): Result => JSON.parse(stdout.trim().split('\n').filter((l) => l.includes('"type":"result"')).pop() ?? '{}') as Result;

async function runBoth(scenario: string) {
  const direct = await startScriptedServer({ scenario });
  const up = await startScriptedServer({ scenario });
  const homeA = tempDir('ct-cc-home-');
  const home = tempDir('ct-cc-home-');
  const db = path.join(tempDir(), 'ct.db');
  try {
    const a = await run(CLAUDE, ARGS, { env: { ...claudeEnv(homeA), ANTHROPIC_BASE_URL: direct.url }, cwd: homeA });
    const b = await clawtrace(['record', '--db', db, '--upstream-anthropic', up.url, '--', CLAUDE, ...ARGS], { env: claudeEnv(home), cwd: home });
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const store = openDb(db);
    const session = listSessions(store)[0];
    assert.ok(session);
    return { direct: resultOf(a.stdout), recorded: resultOf(b.stdout), compiled: compileSession(store, session.id, makePriceTable([])), session, home };
  } finally {
    await direct.close();
    await up.close();
  }
}

test('Claude Code runs a shell tool twice through clawtrace record: same answer, calls, tools paired, cost = its own', { skip, timeout: 180_000 }, async () => {
  const { direct, recorded, compiled, session } = await runBoth('shell-twice');
  assert.equal(recorded.result, direct.result, 'the agent’s own output is what it is without the recorder');
  assert.equal(recorded.result, 'done: ran two commands');
  assert.equal(session.agentName, 'claude-code');
  assert.equal(session.agentVersion, '2.1.197');
  const llm = compiled.structure.steps.filter((s) => s.kind === 'llm' && !s.auxiliary);
  const tools = compiled.structure.steps.filter((s): s is ToolStep => s.kind === 'tool');
  assert.equal(llm.length, 3);
  assert.deepEqual(tools.map((t) => [t.name, t.resultIn !== null, t.resultPreview?.trim()]), [['Bash', true, 'clawtrace-step-1'], ['Bash', true, 'clawtrace-step-2']]);
  const ours = compiled.card.totals.cost.total_usd ?? Number.NaN;
  assert.ok(Math.abs(ours - recorded.total_cost_usd) / recorded.total_cost_usd < 0.01, `our $${ours} vs Claude Code's own $${recorded.total_cost_usd}`);
});

test('Claude Code spawns a sub-agent: linked to its Agent tool call, its cost rolled into it', { skip, timeout: 180_000 }, async () => {
  const { direct, recorded, compiled, home } = await runBoth('subagent');
  assert.equal(recorded.result, direct.result);
  // Claude Code's own transcript (and its sub-agent's) imported tells the same story as the recording
  assertSameRun(await importOwnLogs(path.join(home, '.claude', 'projects')), compiled);
  const sub = compiled.structure.agents.find((a) => a.kind === 'subagent');
  assert.ok(sub, 'a sub-agent was found');
  const spawn = compiled.structure.steps.find((s): s is ToolStep => s.kind === 'tool' && s.id === sub.spawnedByStepId);
  assert.ok(spawn && /^(Agent|Task)$/.test(spawn.name), `spawned by ${spawn?.name}`);
  assert.equal(spawn.spawnedAgentId, sub.id);
  const subCalls = compiled.structure.steps.filter((s) => s.kind === 'llm' && s.agentId === sub.id);
  assert.equal(subCalls.length, 2);
  const rolled = compiled.costs.find((c) => c.stepId === spawn.id)?.subagent ?? 0;
  const direct2 = subCalls.reduce((n, s) => n + (compiled.costs.find((c) => c.stepId === s.id)?.direct ?? 0), 0);
  assert.ok(Math.abs(rolled - direct2) < 1e-9 && rolled > 0);
  assert.ok(Math.abs((compiled.card.totals.cost.total_usd ?? Number.NaN) - recorded.total_cost_usd) / recorded.total_cost_usd < 0.01);
});
