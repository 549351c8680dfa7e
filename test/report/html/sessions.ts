import path from 'node:path';
import { compileSession } from '../../../src/compile/compile-session.js';
import { makePriceTable } from '../../../src/compile/pricing/price-table.js';
import { blankSession } from '../../../src/domain/session.js';
import { listCalls } from '../../../src/store/calls-repo.js';
import type { Db } from '../../../src/store/db.js';
import { insertSession } from '../../../src/store/sessions-repo.js';
import type { SessionPageInput } from '../../../src/report/html/render.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { importSession } from '../../helpers/session-fixture.js';
import { SessionSim, ThreadSim, type ToolSpec } from './call-sim.js';

/** A fake credential in the shape of an Anthropic key: the page must show it masked exactly as the card does. */
export const FAKE_KEY = `sk-ant-api03-${'Zq4'.repeat(12)}Xy`;

const T0 = Date.UTC(2026, 10, 18, 9, 42, 7);
const SYSTEM = 'You are Claude Code, an interactive CLI tool that helps users with software engineering tasks.';
const TOOLS = ['Task', 'Bash', 'Glob', 'Grep', 'Read', 'Edit', 'Write', 'TodoWrite'];

const lines = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i)).join('\n');
const CLIENT_TS = lines(190, (i) => `${String(i + 1).padStart(4)}\t${i % 9 === 0 ? `export async function request${i}(url: string, opts: RequestOptions = {}) {` : `  const attempt${i} = await withRetry(() => fetch(url, opts), { retries: 3, backoff });`}`);
const BACKOFF_TS = lines(48, (i) => `${String(i + 1).padStart(4)}\t${i === 11 ? '  const jitter = Math.random() * base; // real randomness: the test cannot control it' : `  delay = Math.min(cap, base * 2 ** attempt${i}); // step ${i}`}`);
const LOCKFILE = lines(420, (i) => `    "node_modules/pkg-${i}": { "version": "1.${i % 17}.${i % 5}", "resolved": "https://registry.npmjs.org/pkg-${i}/-/pkg-${i}-1.0.0.tgz" },`);
const FAILING = ' FAIL  test/http-client.test.ts\n  ✕ retries three times with backoff (212 ms)\n    Expected: 3 calls\n    Received: 2 calls\n\nTests: 1 failed, 23 passed, 24 total';
const PASSING = ' PASS  test/http-client.test.ts\n  ✓ retries three times with backoff (31 ms)\n\nTests: 24 passed, 24 total';

const read = (file: string, result: string): ToolSpec => ({ name: 'Read', args: { file_path: `/home/dev/acme-api/${file}` }, result, ms: 40 });
const bash = (command: string, result: string, isError = false, ms = 900): ToolSpec => ({ name: 'Bash', args: { command, description: command.split(' ')[0] }, result, isError, ms });

/**
 * A realistic Claude Code session written into `db`: a flaky test fixed over ~30 calls, a title side call, an
 * Explore sub-agent, a reviewer sub-agent that spawns its own helper, a re-read, a repeated test run, a cache miss,
 * a big file carried along, a follow-up prompt, and a key on a command line. Returns the session id.
 */
export function writeRealisticSession(db: Db): string {
  const sim = new SessionSim(db, blankSession({
    id: 'c7f3a91e2b04', label: 'fix-flaky-retry', source: 'import', startedAt: T0, agentName: 'claude-code', agentVersion: '2.1.197',
    cwd: '/home/dev/acme-api', gitBranch: 'fix/flaky-retry', gitCommit: '9b1e4c2', tags: { task: 'bugfix' },
    outcome: { status: 'success', source: 'oracle', evidence: '`npm test` exited 0:\nTests: 25 passed, 25 total' },
  }));
  const prompt = 'The retry test in test/http-client.test.ts fails about one run in five. Find out why and fix it.';
  const title = new ThreadSim(sim, { system: 'Write a 3-6 word title for the conversation.', firstUser: prompt, tools: [], hints: { auxiliary: 'title' }, model: 'claude-haiku-4-5', provider: 'anthropic', systemTokens: 40 });
  title.turn({ text: 'Fix flaky retry test', ms: 600 });
  const main = new ThreadSim(sim, { system: SYSTEM, firstUser: prompt, tools: TOOLS, hints: { threadId: 'main' }, model: 'claude-sonnet-4-5', provider: 'anthropic', systemTokens: 14500 });
  main.turn({ text: 'I will start with the failing test and the client it exercises.', tools: [read('test/http-client.test.ts', lines(60, (i) => `  it('case ${i}', async () => { expect(calls).toBe(${i % 4}); });`)), { name: 'Grep', args: { pattern: 'withRetry', path: 'src' }, result: 'src/http/client.ts:14\nsrc/http/backoff.ts:3\nsrc/jobs/sync.ts:88', ms: 120 }] });
  main.turn({ tools: [read('src/http/client.ts', CLIENT_TS)] });
  const [task] = main.turn({ text: 'The retry logic lives in backoff.ts. I will have an Explore agent map every caller while I check the lockfile for a duplicated timer library.', tools: [{ name: 'Task', args: { description: 'Map withRetry callers', prompt: 'Find every caller of withRetry and how each configures backoff and jitter. Report file, line and options.', subagent_type: 'Explore' }, result: 'withRetry has 3 callers; all use the default jitter from backoff.ts (Math.random), which the test cannot control.', ms: 200 }, read('package-lock.json', LOCKFILE)] });
  const explore = new ThreadSim(sim, { system: 'You are a read-only search agent.', firstUser: 'Find every caller of withRetry and how each configures backoff and jitter. Report file, line and options.', tools: ['Glob', 'Grep', 'Read'], hints: { threadId: 'explore-1', parentThreadId: 'main', parentToolCallId: task?.id ?? '', agentLabel: 'Explore' }, model: 'claude-haiku-4-5', provider: 'anthropic', systemTokens: 6200 });
  explore.turn({ tools: [{ name: 'Grep', args: { pattern: 'withRetry\\(', path: '.' }, result: 'src/http/client.ts:14\nsrc/jobs/sync.ts:88\nsrc/webhooks/deliver.ts:41', ms: 150 }] });
  explore.turn({ tools: [read('src/http/backoff.ts', BACKOFF_TS), read('src/jobs/sync.ts', lines(30, (i) => `  await withRetry(job${i}, { retries: 5 });`))] });
  explore.turn({ text: 'withRetry has 3 callers (client.ts:14, sync.ts:88, deliver.ts:41); all use the default jitter from backoff.ts line 12, Math.random() * base, which the test cannot control.', ms: 4200 });
  main.turn({ text: 'Confirmed: jitter comes from Math.random. Let me reproduce the failure.', tools: [bash('npm test -- test/http-client.test.ts', FAILING, true, 5200)] });
  main.turn({ tools: [read('src/http/client.ts', CLIENT_TS)], cacheMiss: true });
  main.turn({ text: 'I will inject the random source so tests can pin it.', tools: [{ name: 'Edit', args: { file_path: '/home/dev/acme-api/src/http/backoff.ts', old_string: 'const jitter = Math.random() * base;', new_string: 'const jitter = random() * base;' }, result: 'The file src/http/backoff.ts has been updated.', ms: 60 }] });
  main.turn({ tools: [bash('npm test -- test/http-client.test.ts', PASSING, false, 4800)] });
  main.turn({ tools: [bash('npm test -- test/http-client.test.ts', PASSING, false, 4700)] });
  main.turn({ text: 'Checking the staging health endpoint still answers.', tools: [bash(`curl -s -H "Authorization: Bearer ${FAKE_KEY}" https://staging.acme.test/health`, '{"status":"ok"}', false, 700)] });
  main.turn({ text: 'The flaky test is fixed: backoff.ts now takes its random source as a parameter and the test pins it.', ms: 5200 });
  main.turn({ user: 'Also add a test for the jitter bounds, and have someone review the change.', tools: [{ name: 'Edit', args: { file_path: '/home/dev/acme-api/test/http-client.test.ts', old_string: '});\n', new_string: "  it('keeps jitter within [0, base)', () => { /* ... */ });\n});\n" }, result: 'The file test/http-client.test.ts has been updated.', ms: 80 }] });
  const [review] = main.turn({ tools: [{ name: 'Task', args: { description: 'Review the retry fix', prompt: 'Review the diff of src/http/backoff.ts and test/http-client.test.ts for correctness and missing cases.', subagent_type: 'code-reviewer' }, result: 'Looks right. One gap: deliver.ts passes its own backoff; the injected random source is not threaded through there.', ms: 300 }] });
  const reviewer = new ThreadSim(sim, { system: 'You review code changes.', firstUser: 'Review the diff of src/http/backoff.ts and test/http-client.test.ts for correctness and missing cases.', tools: ['Task', 'Read', 'Grep', 'Bash'], hints: { threadId: 'review-1', parentThreadId: 'main', parentToolCallId: review?.id ?? '', agentLabel: 'code-reviewer' }, model: 'claude-sonnet-4-5', provider: 'anthropic', systemTokens: 5200 });
  reviewer.turn({ tools: [bash('git diff', `diff --git a/src/http/backoff.ts b/src/http/backoff.ts\n-  const jitter = Math.random() * base;\n+  const jitter = random() * base;`, false, 200)] });
  const [deep] = reviewer.turn({ tools: [{ name: 'Task', args: { description: 'Check other backoff users', prompt: 'List every place that builds its own backoff options instead of using backoff.ts defaults.', subagent_type: 'Explore' }, result: 'src/webhooks/deliver.ts:41 builds its own backoff.', ms: 100 }] });
  const helper = new ThreadSim(sim, { system: 'You are a read-only search agent.', firstUser: 'List every place that builds its own backoff options instead of using backoff.ts defaults.', tools: ['Grep', 'Read'], hints: { threadId: 'explore-2', parentThreadId: 'review-1', parentToolCallId: deep?.id ?? '', agentLabel: 'Explore' }, model: 'claude-haiku-4-5', provider: 'anthropic', systemTokens: 6200 });
  helper.turn({ tools: [{ name: 'Grep', args: { pattern: 'backoff:', path: 'src' }, result: 'src/webhooks/deliver.ts:41:    backoff: { base: 250, cap: 8000 },', ms: 100 }] });
  helper.turn({ text: 'src/webhooks/deliver.ts:41 builds its own backoff options.' });
  reviewer.turn({ text: 'Looks right. One gap: deliver.ts passes its own backoff; the injected random source is not threaded through there.' });
  main.turn({ text: 'Threading the random source through deliver.ts as the review suggests.', tools: [{ name: 'Edit', args: { file_path: '/home/dev/acme-api/src/webhooks/deliver.ts', old_string: 'backoff: { base: 250, cap: 8000 }', new_string: 'backoff: { base: 250, cap: 8000, random }' }, result: 'The file src/webhooks/deliver.ts has been updated.', ms: 70 }] });
  main.turn({ tools: [bash('npm test', 'Tests: 25 passed, 25 total', false, 9100)] });
  main.turn({ text: 'Done. The retry test was flaky because backoff jitter used Math.random; backoff.ts now takes a random source, the test pins it, deliver.ts passes it through, and a new test checks the jitter bounds. All 25 tests pass.', ms: 6100 });
  db.prepare('UPDATE sessions SET ended_at = ?, exit_code = 0 WHERE id = ?').run(sim.clock + 400, sim.session.id);
  return sim.session.id;
}

/** A session whose main model has no known price (and a priced side call): the page must say unpriced. */
export function writeUnpricedSession(db: Db, allUnpriced = false): string {
  const sim = new SessionSim(db, blankSession({ id: allUnpriced ? 'u0000000all' : 'u00000000mix', label: allUnpriced ? 'all-unpriced' : 'some-unpriced', source: 'record', startedAt: T0, agentName: 'acme-agent' }));
  const model = 'acme-coder-9-preview';
  if (!allUnpriced) {
    new ThreadSim(sim, { system: 'title', firstUser: 'rename the module', tools: [], hints: { auxiliary: 'title' }, model: 'claude-haiku-4-5', provider: 'anthropic', systemTokens: 30 }).turn({ text: 'Rename module' });
  }
  const t = new ThreadSim(sim, { system: 'agent', firstUser: 'rename the module', tools: ['shell'], hints: {}, model, provider: 'other', systemTokens: 3000 });
  t.turn({ tools: [{ name: 'shell', args: { cmd: 'git mv src/old.ts src/new.ts' }, result: '', ms: 100 }] });
  t.turn({ tools: [{ name: 'shell', args: { cmd: 'npm test' }, result: 'ok', ms: 2000 }] });
  t.turn({ text: 'Renamed.' });
  return sim.session.id;
}

/** A session with no calls at all (a run that ended before its first request). */
export function writeEmptySession(db: Db): string {
  insertSession(db, blankSession({ id: 'e0000000empty', label: 'no-calls', source: 'record', startedAt: T0, endedAt: T0 + 1200, exitCode: 1 }));
  return 'e0000000empty';
}

/** A session recorded through the proxy (a committed fixture): the demo agent with its sub-agent. */
export function importRecordedSession(db: Db): string {
  return importSession(db, path.join(REPO_ROOT, 'fixtures', 'sessions', 'demo-fix-ok.json'));
}

/** What `show --html` renders: the compiled session and its stored calls. */
export function pageInput(db: Db, id: string): SessionPageInput {
  return { ...compileSession(db, id, makePriceTable([])), calls: listCalls(db, id) };
}
