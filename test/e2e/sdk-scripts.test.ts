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

const SCRIPT = path.join(REPO_ROOT, 'e2e', 'scripts', 'openai-agents.mjs');
const skip = fs.existsSync(path.join(REPO_ROOT, 'e2e', 'agents', 'node_modules', '@openai', 'agents')) ? false : '@openai/agents not installed: run scripts/install-e2e-agents.sh';
const NODE_PATH = path.join(REPO_ROOT, 'e2e', 'agents', 'node_modules');

for (const api of ['responses', 'chat'] as const) {
  test(`@openai/agents script (${api === 'chat' ? 'Chat Completions' : 'Responses'}): same answer, shell tool twice, lineage without any header`, { skip, timeout: 120_000 }, async () => {
    const direct = await startScriptedServer({ scenario: 'shell-twice' });
    const up = await startScriptedServer({ scenario: 'shell-twice' });
    const db = path.join(tempDir(), 'ct.db');
    // the script lives beside the e2e packages; copy it there so its imports resolve
    const script = path.join(NODE_PATH, '..', 'openai-agents.mjs');
    fs.copyFileSync(SCRIPT, script);
    const env = { OPENAI_API_KEY: 'sk-test-not-a-real-key-000000', OPENAI_AGENTS_DISABLE_TRACING: '1' };
    try {
      const a = await run(process.execPath, [script, api], { env: { ...env, OPENAI_BASE_URL: `${direct.url}/v1` } });
      const b = await clawtrace(['record', '--db', db, '--upstream-openai', `${up.url}/v1`, '--', process.execPath, script, api], { env });
      assert.equal(a.code, 0, a.stderr);
      assert.equal(b.code, 0, b.stderr);
      assert.equal(b.stdout, a.stdout);
      assert.equal(b.stdout.trim(), 'done: ran two commands');
      const store = openDb(db);
      const session = listSessions(store)[0];
      const { structure, card } = compileSession(store, session?.id ?? '', makePriceTable([]));
      assert.equal(card.totals.llm_calls, 3);
      assert.equal(structure.agents.length, 1, 'one conversation, rebuilt by lineage');
      const tools = structure.steps.filter((s): s is ToolStep => s.kind === 'tool');
      assert.deepEqual(tools.map((t) => [t.name, t.resultIn !== null, t.resultPreview?.trim()]), [['bash', true, 'clawtrace-step-1'], ['bash', true, 'clawtrace-step-2']]);
      assert.equal(structure.steps[0]?.kind === 'llm' && structure.steps[0].provider, 'openai');
      store.close();
    } finally {
      await direct.close();
      await up.close();
    }
  });
}

test('@anthropic-ai/sdk agent loop (streamed): same answer, Bash twice paired by tool_use id, usage from message_start + message_delta', { timeout: 120_000 }, async () => {
  const direct = await startScriptedServer({ scenario: 'shell-twice' });
  const up = await startScriptedServer({ scenario: 'shell-twice' });
  const db = path.join(tempDir(), 'ct.db');
  const script = path.join(REPO_ROOT, 'e2e', 'scripts', 'anthropic-loop.mjs');
  const env = { ANTHROPIC_API_KEY: 'sk-ant-test-not-a-real-key-0000' };
  try {
    const a = await run(process.execPath, [script], { env: { ...env, ANTHROPIC_BASE_URL: direct.url } });
    const b = await clawtrace(['record', '--db', db, '--upstream-anthropic', up.url, '--', process.execPath, script], { env });
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.stdout, a.stdout);
    assert.equal(b.stdout.trim(), 'done: ran two commands');
    const store = openDb(db);
    const { structure, card } = compileSession(store, listSessions(store)[0]?.id ?? '', makePriceTable([]));
    assert.equal(card.totals.llm_calls, 3);
    assert.deepEqual(structure.steps.filter((s): s is ToolStep => s.kind === 'tool').map((t) => [t.name, t.resultIn !== null]), [['Bash', true], ['Bash', true]]);
    assert.ok(card.totals.tokens.output > 0 && card.totals.cost.estimated_calls === 0);
    store.close();
  } finally {
    await direct.close();
    await up.close();
  }
});
