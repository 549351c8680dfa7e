import fs from 'node:fs';
import path from 'node:path';
import type { NormalizedCall, ThreadHints } from '../../src/domain/llm-call.js';
import { blankSession, type Outcome } from '../../src/domain/session.js';
import { makeUsage, type Usage } from '../../src/domain/usage.js';
import type { Db } from '../../src/store/db.js';
import { upsertCall } from '../../src/store/calls-repo.js';
import { insertSession } from '../../src/store/sessions-repo.js';
import { importSession } from '../helpers/session-fixture.js';
import { REPO_ROOT } from '../helpers/cli.js';

/** One LLM call of a synthetic session. */
export interface CallSpec {
  at: string;
  model: string;
  provider?: NormalizedCall['provider'];
  usage: Partial<Usage> | null;
  tools?: { id: string; name: string; args?: string }[];
  results?: string[];
  hints?: ThreadHints;
  prompt?: string;
}

export interface SessionSpec {
  id: string;
  /** null: a session whose project is unknown */
  cwd: string | null;
  agent: string | null;
  label?: string;
  outcome?: Outcome['status'];
  calls: CallSpec[];
  /** imported sessions key their calls on the log they came from */
  naturalKeys?: boolean;
}

function normalized(c: CallSpec, msgs: number): NormalizedCall {
  const provider = c.provider ?? (c.model.startsWith('claude') ? 'anthropic' : c.model.startsWith('gpt') ? 'openai' : 'other');
  return {
    api: provider === 'anthropic' ? 'anthropic-messages' : 'openai-chat',
    provider,
    modelRequested: c.model,
    model: c.model,
    stream: false,
    usage: c.usage === null ? null : makeUsage(c.usage),
    rawUsage: null,
    stopReason: c.tools?.length ? 'tool_use' : 'end_turn',
    outputText: c.tools?.length ? '' : 'done',
    toolCalls: (c.tools ?? []).map((t) => ({ id: t.id, name: t.name, args: t.args ?? '{"command":"ls"}' })),
    request: {
      messageCount: msgs,
      systemHash: 'sys',
      headHash: `head-${c.hints?.threadId ?? 'main'}`,
      historyHash: `hist-${c.hints?.threadId ?? 'main'}`,
      lastAssistant: null,
      toolResults: (c.results ?? []).map((id, i) => ({
        toolCallId: id,
        name: null,
        chars: 40,
        tokens: 10,
        isError: false,
        contentHash: `h-${id}`,
        preview: `result of ${id}`,
        messageIndex: msgs - 1 - i,
      })),
      toolsDeclared: ['bash', 'Task'],
      inputChars: 4000,
      firstUserText: c.prompt ?? 'fix the failing test',
      lastUserText: c.prompt ?? 'fix the failing test',
    },
    error: null,
    complete: true,
    hints: c.hints ?? {},
  };
}

/** Writes a synthetic session (session row and calls) into a database. */
export function addSession(db: Db, s: SessionSpec): void {
  const first = Date.parse(s.calls[0]?.at ?? '2026-03-02T10:00:00Z');
  const last = Date.parse(s.calls[s.calls.length - 1]?.at ?? '2026-03-02T10:00:00Z');
  const status = s.outcome ?? 'success';
  insertSession(
    db,
    blankSession({
      id: s.id,
      source: s.naturalKeys ? 'import' : 'record',
      startedAt: first,
      endedAt: last + 2000,
      cwd: s.cwd,
      agentName: s.agent,
      label: s.label ?? null,
      exitCode: status === 'failure' ? 1 : 0,
      outcome: { status, source: 'exit_code', evidence: null },
    }),
    s.naturalKeys ? `log:${s.id}` : null,
  );
  s.calls.forEach((c, i) => {
    const t = Date.parse(c.at);
    upsertCall(db, {
      sessionId: s.id,
      seq: i + 1,
      exchangeId: null,
      naturalKey: s.naturalKeys ? `log:${s.id}|msg-${i}` : `rec:${s.id}|${i}`,
      parserVersion: 5,
      startedAt: t,
      firstByteAt: t + 100,
      endedAt: t + 900,
      call: normalized(c, 1 + 2 * i),
    });
  });
}

/** A folder that looks like a git work tree, so the session's project is its root. */
export function project(root: string, name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  return dir;
}

/**
 * The first team: several days (one call just before midnight UTC, so zones disagree on its day; one on the last
 * evening of March, April in Tokyo), two projects, three priced models and an unpriced one, a sub-agent, an
 * auxiliary call, an estimated call, and a session without usage.
 */
export function teamOne(db: Db, root: string): void {
  const a = project(root, 'alpha');
  const b = project(root, 'beta');
  addSession(db, {
    id: 'aaaa00000001',
    cwd: path.join(a, 'src'),
    agent: 'claude-code',
    label: 'fix-auth',
    calls: [
      { at: '2026-03-02T10:00:00Z', model: 'claude-sonnet-4-6', usage: { inputUncached: 1200, cacheWrite5m: 3000, output: 150 }, tools: [{ id: 'tu1', name: 'Task', args: '{"prompt":"look around"}' }] },
      { at: '2026-03-02T10:00:05Z', model: 'claude-sonnet-4-6', usage: { inputUncached: 800, cacheRead: 2000, output: 90 }, hints: { threadId: 'sub1', parentToolCallId: 'tu1', agentLabel: 'explorer' }, prompt: 'look around' },
      { at: '2026-03-02T10:00:20Z', model: 'claude-sonnet-4-6', usage: { inputUncached: 300, cacheRead: 4200, output: 400 }, results: ['tu1'], tools: [{ id: 'tu2', name: 'bash' }] },
      { at: '2026-03-02T10:01:00Z', model: 'claude-haiku-4-5', usage: { inputUncached: 100, output: 10 }, hints: { auxiliary: 'title' } },
      { at: '2026-03-02T10:01:30Z', model: 'claude-sonnet-4-6', usage: { inputUncached: 200, cacheRead: 4800, output: 120 }, results: ['tu2'] },
    ],
  });
  addSession(db, {
    id: 'aaaa00000002',
    cwd: b,
    agent: 'codex',
    calls: [
      { at: '2026-03-02T23:30:00Z', model: 'gpt-4.1', usage: { inputUncached: 5000, cacheRead: 1000, output: 300 }, tools: [{ id: 'c1', name: 'shell' }] },
      { at: '2026-03-02T23:59:59.700Z', model: 'gpt-4.1', usage: { inputUncached: 700, cacheRead: 6000, output: 80, estimated: true }, results: ['c1'] },
      { at: '2026-03-03T00:10:00Z', model: 'gpt-4.1', usage: null, results: [] },
    ],
  });
  addSession(db, {
    id: 'aaaa00000003',
    cwd: a,
    agent: 'openclaw',
    outcome: 'failure',
    calls: [
      { at: '2026-03-09T08:00:00Z', model: 'mystery-model-x', usage: { inputUncached: 9000, output: 500 } },
      { at: '2026-03-09T08:02:00Z', model: 'mystery-model-x', usage: { inputUncached: 9500, output: 700 } },
      { at: '2026-03-31T23:30:00Z', model: 'gpt-4.1', usage: { inputUncached: 2000, output: 100, reasoning: 40 } },
    ],
  });
}

/**
 * The second machine's database: a session of its own, and one imported from the same agent logs as a session of
 * the first (same id and call keys, as two imports of one log give), which must not count twice.
 */
export function teamTwo(db: Db, root: string, shared: SessionSpec): void {
  const b = project(root, 'beta');
  addSession(db, {
    id: 'bbbb00000001',
    cwd: b,
    agent: 'claude-code',
    calls: [
      { at: '2026-03-04T15:00:00Z', model: 'claude-opus-4-1', usage: { inputUncached: 3000, cacheWrite1h: 2000, output: 800 } },
      { at: '2026-03-04T15:00:40Z', model: 'claude-opus-4-1', usage: { inputUncached: 100, cacheRead: 5000, output: 200 } },
      // back after 40 idle minutes: the cache expired and the prefix was written again (a cache_expiry flag)
      { at: '2026-03-04T15:40:40Z', model: 'claude-opus-4-1', usage: { inputUncached: 100, cacheWrite5m: 5300, output: 150 } },
    ],
  });
  addSession(db, shared);
}

export const SHARED_IMPORT: (root: string) => SessionSpec = (root) => ({
  id: 'cccc00000001',
  cwd: path.join(root, 'beta'),
  agent: 'claude-code',
  naturalKeys: true,
  calls: [
    { at: '2026-03-05T09:00:00Z', model: 'claude-sonnet-4-6', usage: { inputUncached: 4000, output: 250 } },
    { at: '2026-03-05T09:00:30Z', model: 'claude-sonnet-4-6', usage: { inputUncached: 300, cacheRead: 4000, output: 60 } },
  ],
});

/** The recorded demo sessions (raw exchanges, a sub-agent, flags; one failed), as recorded. */
export function demoSessions(db: Db): string[] {
  const dir = path.join(REPO_ROOT, 'fixtures', 'sessions');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => importSession(db, path.join(dir, f)));
}

/**
 * Calls whose local day depends on summer time, and a week boundary: one the night Los Angeles moves to PDT (00:30
 * on 9 March there, still 8 March at winter's offset), one after Paris moves to CEST (00:30 on 30 March), one after
 * Sydney leaves AEDT (23:30 on 5 April, a Sunday; 6 April at summer's offset). No project, no agent, and two unpriced
 * models on one day (a tie in the per-model rows); its name comes from its first prompt, harness tags dropped.
 */
export const SUMMER: SessionSpec = {
  id: 'dddd00000001',
  cwd: null,
  agent: null,
  calls: [
    { at: '2026-03-08T09:30:00Z', model: 'claude-sonnet-4-6', usage: { inputUncached: 900, cacheRead: 3000, output: 70 }, prompt: '<system-reminder>be brief</system-reminder>  check the\nclocks' },
    { at: '2026-03-09T07:30:00Z', model: 'mystery-model-x', usage: { inputUncached: 400, output: 40 } },
    { at: '2026-03-09T07:45:00Z', model: 'mystery-model-y', usage: { inputUncached: 500, output: 50 } },
    { at: '2026-03-29T22:30:00Z', model: 'gpt-4.1', usage: { inputUncached: 1500, cacheRead: 500, output: 90 } },
    { at: '2026-04-05T13:30:00Z', model: 'claude-haiku-4-5', usage: { inputUncached: 600, cacheWrite5m: 1200, output: 30 } },
  ],
};
