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
import { clawtrace, REPO_ROOT, run, tempDir } from '../helpers/cli.js';

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

interface Event {
  type: string;
  item?: { type: string; text?: string; aggregated_output?: string };
  usage?: { input_tokens: number; cached_input_tokens: number; output_tokens: number };
}
const events = (out: string): Event[] => out.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Event);
const answer = (e: Event[]): string | undefined => e.filter((x) => x.item?.type === 'agent_message').pop()?.item?.text;

test('Codex runs a shell tool twice through clawtrace record (routed by -c overrides): same answer, calls, tools, tokens = its own', { skip, timeout: 180_000 }, async () => {
  const direct = await startScriptedServer({ scenario: 'shell-twice' });
  const up = await startScriptedServer({ scenario: 'shell-twice' });
  const db = path.join(tempDir(), 'ct.db');
  try {
    const routed = adaptLaunch([CODEX, ...ARGS], (r) => (r === 'openai' ? `${direct.url}/v1` : direct.url), {});
    const envA = codexEnv();
    const a = await run(routed.argv[0] ?? CODEX, routed.argv.slice(1), { env: envA, cwd: envA['HOME'] });
    const envB = codexEnv();
    const b = await clawtrace(['record', '--db', db, '--upstream-openai', `${up.url}/v1`, '--', CODEX, ...ARGS], { env: envB, cwd: envB['HOME'] });
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const ea = events(a.stdout);
    const eb = events(b.stdout);
    assert.equal(answer(eb), answer(ea), 'the agent’s own output is what it is without the recorder');
    assert.equal(answer(eb), 'done: ran two commands');
    const store = openDb(db);
    const session = listSessions(store)[0];
    assert.equal(session?.agentName, 'codex');
    const { structure, card } = compileSession(store, session?.id ?? '', makePriceTable([]));
    const tools = structure.steps.filter((s): s is ToolStep => s.kind === 'tool');
    assert.equal(card.totals.llm_calls, 3);
    assert.deepEqual(tools.map((t) => [t.name, t.resultIn !== null]), [['exec_command', true], ['exec_command', true]]);
    const usage = eb.filter((e) => e.type === 'turn.completed').pop()?.usage;
    assert.ok(usage);
    assert.equal(card.totals.tokens.input, usage.input_tokens, 'input tokens agree with what Codex itself counted');
    assert.equal(card.totals.tokens.cache_read, usage.cached_input_tokens);
    assert.equal(card.totals.tokens.output, usage.output_tokens);
    store.close();
  } finally {
    await direct.close();
    await up.close();
  }
});
