import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordSession } from '../capture/record-session.js';
import { runOracle } from '../capture/oracle.js';
import { openDb, type Db } from '../store/db.js';
import { setOutcome } from '../store/sessions-repo.js';
import { registerScenario } from '../scripted/scenarios.js';
import { startScriptedServer } from '../scripted/server.js';
import { BROKEN_VARIANT, DEMO_FILES, demoScenario } from './scenario.js';

export const DEMO_MODEL = 'gpt-4.1';

const TASKS = [
  { label: 'fix-add-1', task: 'The test in test.js fails. Find the bug in calc.js and fix it.' },
  { label: 'fix-add-2', task: 'test.js reports a failure for add(). Fix calc.js so the tests pass.' },
  { label: 'fix-add-3', task: `Make the failing test pass by fixing calc.js. ${BROKEN_VARIANT}` },
];

export interface DemoRun {
  db: Db;
  dbPath: string;
  dir: string;
  sessionIds: string[];
}

function makeWorkspace(root: string, name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(DEMO_FILES)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

/**
 * Records the bundled demo agent (a real agent loop speaking OpenAI Chat Completions) on three small tasks against the scripted
 * model server, each session judged by running the workspace's tests as its oracle.
 */
export async function recordDemoSessions(opts: { dbPath?: string; log: (line: string) => void }): Promise<DemoRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawtrace-demo-'));
  const dbPath = opts.dbPath ?? path.join(dir, 'clawtrace.db');
  const db = openDb(dbPath);
  registerScenario('demo', demoScenario);
  const server = await startScriptedServer({ scenario: 'demo' });
  const agent = path.join(path.dirname(fileURLToPath(import.meta.url)), 'agent.js');
  const sessionIds: string[] = [];
  try {
    for (const t of TASKS) {
      const cwd = makeWorkspace(dir, t.label);
      const r = await recordSession({
        db,
        dbPath,
        argv: [process.execPath, agent, t.task, DEMO_MODEL],
        cwd,
        env: { ...process.env, OPENAI_API_KEY: 'scripted-demo-key' },
        label: t.label,
        tags: { task: 'fix-bug', demo: 'true' },
        upstreams: { openai: `${server.url}/v1` },
        source: 'demo',
        live: false,
      });
      const outcome = runOracle('node test.js', cwd, process.env);
      setOutcome(db, r.sessionId, outcome);
      sessionIds.push(r.sessionId);
      opts.log(`recorded ${t.label}: session ${r.sessionId}, ${r.calls} LLM calls, oracle \`node test.js\`: ${outcome.status}`);
    }
  } finally {
    await server.close();
  }
  return { db, dbPath, dir, sessionIds };
}
