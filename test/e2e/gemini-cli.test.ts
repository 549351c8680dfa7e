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

const GEMINI = path.join(REPO_ROOT, 'e2e', 'agents', 'node_modules', '.bin', 'gemini');
const skip = fs.existsSync(GEMINI) ? false : 'Gemini CLI not installed: run scripts/install-e2e-agents.sh';

/** Gemini CLI with API-key auth (what base-URL routing needs), a trusted workspace, no usage statistics. */
function geminiEnv(): NodeJS.ProcessEnv {
  const home = tempDir('ct-gem-');
  fs.mkdirSync(path.join(home, '.gemini'));
  fs.writeFileSync(
    path.join(home, '.gemini', 'settings.json'),
    JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } }, privacy: { usageStatisticsEnabled: false }, telemetry: { enabled: false } }),
  );
  return { HOME: home, GEMINI_API_KEY: 'test-not-a-real-key', GEMINI_CLI_TRUST_WORKSPACE: 'true' };
}
const ARGS = ['-p', 'run the commands', '--yolo', '--output-format', 'stream-json'];

interface Line {
  type: string;
  role?: string;
  content?: string;
  stats?: { input_tokens: number };
}
const lines = (out: string): Line[] => out.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Line);
const answer = (l: Line[]): string => l.filter((x) => x.type === 'message' && x.role === 'assistant').map((x) => x.content ?? '').join('');

test('Gemini CLI through clawtrace record: router side call auxiliary, shell tools paired by name, same answer, same input tokens', { skip, timeout: 180_000 }, async () => {
  const direct = await startScriptedServer({ scenario: 'shell-twice' });
  const up = await startScriptedServer({ scenario: 'shell-twice' });
  const db = path.join(tempDir(), 'ct.db');
  try {
    const envA = geminiEnv();
    const a = await run(GEMINI, ARGS, { env: { ...envA, GOOGLE_GEMINI_BASE_URL: direct.url }, cwd: envA['HOME'] });
    const envB = geminiEnv();
    const b = await clawtrace(['record', '--db', db, '--upstream-gemini', up.url, '--', GEMINI, ...ARGS], { env: envB, cwd: envB['HOME'] });
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const la = lines(a.stdout);
    const lb = lines(b.stdout);
    assert.equal(answer(lb), answer(la));
    assert.equal(answer(lb), 'done: ran two commands');
    const store = openDb(db);
    const session = listSessions(store)[0];
    assert.equal(session?.agentName, 'gemini-cli');
    const compiled = compileSession(store, session?.id ?? '', makePriceTable([]));
    const { structure, card } = compiled;
    // Gemini CLI's own chat log (which leaves out the router call) imported agrees on the agent loop
    assertSameRun(await importOwnLogs(path.join(envB['HOME'] ?? '', '.gemini', 'tmp')), compiled);
    assert.equal(card.totals.auxiliary_calls, 1, 'the model-router call is a side call');
    assert.equal(card.totals.llm_calls - card.totals.auxiliary_calls, 3);
    const tools = structure.steps.filter((s): s is ToolStep => s.kind === 'tool');
    assert.deepEqual(tools.map((t) => [t.name, t.resultIn !== null]), [['run_shell_command', true], ['run_shell_command', true]]);
    const stats = lb.find((l) => l.type === 'result')?.stats;
    assert.equal(card.totals.tokens.input, stats?.input_tokens, 'input tokens agree with what Gemini CLI itself counted');
    store.close();
  } finally {
    await direct.close();
    await up.close();
  }
});
