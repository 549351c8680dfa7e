import path from 'node:path';
import type { ThreadHints } from '../../domain/llm-call.js';
import { makeImportedCall } from '../common/call.js';
import { forEachJsonLine } from '../common/jsonl.js';
import type { ImportedCall, ImportedSession, ImportUnit, SkipCounter } from '../common/types.js';
import { readSessionsIndex, type SessionsIndex } from './group.js';
import { OcSessionReader } from './session-reader.js';
import { readStore, STORE_FILE } from './sqlite-store.js';

function labelOf(args: string | undefined): string | null {
  return args ? (/"label"\s*:\s*"([^"]{1,60})"/.exec(args)?.[1] ?? null) : null;
}

interface ReadSession {
  file: string;
  r: OcSessionReader;
  /** the thread it belongs to: itself, or the window it continues after a compaction or rollover */
  thread: string;
}

/** child session id → its parent session id, the spawning tool call when the log names it, and a label */
type Links = Map<string, { parent: string; toolCallId: string | null; label: string | null }>;

/** Links sub-agent sessions to parents: `sessions_spawn` results naming a child key first, then `spawnedBy`. */
function addLinks(links: Links, readers: readonly ReadSession[], index: SessionsIndex): void {
  for (const { r } of readers) {
    for (const [toolCallId, key] of r.spawns) {
      const child = index.get(key);
      if (child && r.id) links.set(child.sessionId, { parent: r.id, toolCallId, label: child.label ?? labelOf(r.spawnArgs.get(toolCallId)) });
    }
  }
  for (const e of index.values()) {
    const parent = e.spawnedBy ? index.get(e.spawnedBy) : undefined;
    if (parent && !links.has(e.sessionId)) links.set(e.sessionId, { parent: parent.sessionId, toolCallId: null, label: e.label });
  }
}

/** One clawtrace session from a root OpenClaw session and its sub-agents: each assistant message with usage is a call. */
function assemble(rootId: string, readers: readonly ReadSession[], links: Links, version: string | null): ImportedSession | null {
  const main = readers.find((x) => x.r.id === rootId) ?? readers[0];
  if (!main) return null;
  const calls: ImportedCall[] = [];
  for (const { r, thread } of readers) {
    const id = r.id ?? rootId;
    const hints: ThreadHints = { sessionKey: rootId, threadId: thread };
    const link = thread === rootId ? undefined : links.get(thread);
    if (thread !== rootId) hints.parentThreadId = link?.parent ?? rootId;
    if (link?.toolCallId) hints.parentToolCallId = link.toolCallId;
    if (link?.label) hints.agentLabel = link.label;
    for (const c of r.calls) {
      calls.push({
        key: `${id}:${c.key}`,
        startedAt: c.at,
        endedAt: c.at,
        call: makeImportedCall({
          api: c.api,
          provider: c.provider,
          providerId: c.providerId,
          loggedCost: c.loggedCost,
          model: c.model,
          usage: c.usage,
          rawUsage: c.rawUsage,
          stopReason: c.stopReason,
          outputText: c.text,
          toolCalls: c.toolCalls,
          request: c.request,
          // an error turn that still reported usage was billed: keep it priced, mark it incomplete
          error: null,
          hints,
          thinkingTokens: c.thinkingTokens,
          complete: c.error === null && !c.aborted,
        }),
      });
    }
  }
  calls.sort((a, b) => a.startedAt - b.startedAt);
  const firsts = readers.map((x) => x.r.firstAt).filter((x): x is number => x !== null);
  const lasts = readers.map((x) => x.r.lastAt).filter((x): x is number => x !== null);
  return {
    key: `openclaw:${rootId}`,
    format: 'openclaw',
    nativeId: rootId,
    agentName: 'openclaw',
    agentVersion: version ?? (main.r.version !== null ? `session-format-${main.r.version}` : null),
    cwd: main.r.cwd,
    gitBranch: null,
    gitCommit: null,
    startedAt: firsts.length ? Math.min(...firsts) : 0,
    endedAt: lasts.length ? Math.max(...lasts) : null,
    sourcePath: main.file,
    label: null,
    calls,
  };
}

/** JSONL transcripts (OpenClaw < 2026.9): a root session file and its sub-agents' files, linked via sessions.json. */
async function parseFiles(unit: ImportUnit, skips: SkipCounter): Promise<ImportedSession[]> {
  const readers: ReadSession[] = [];
  for (const file of unit.files) {
    const r = new OcSessionReader(skips);
    await forEachJsonLine(file, skips, (raw) => r.line(raw));
    r.id ??= path.basename(file, '.jsonl');
    readers.push({ file, r, thread: r.id });
  }
  const links: Links = new Map();
  for (const dir of new Set(unit.files.map((f) => path.dirname(f)))) addLinks(links, readers, readSessionsIndex(dir));
  const session = assemble(unit.key, readers, links, null);
  return session ? [session] : [];
}

/** A session store (OpenClaw >= 2026.9): every session tree in it, one clawtrace session per root. */
function parseStore(file: string, skips: SkipCounter): ImportedSession[] {
  const store = readStore(file, skips);
  const continues = new Map(store.sessions.map((s) => [s.id, s.continues]));
  const threadOf = (id: string): string => {
    let cur = id;
    for (let i = 0; i < 64; i++) {
      const prev = continues.get(cur);
      if (!prev || !continues.has(prev)) return cur;
      cur = prev;
    }
    return cur;
  };
  const readers: ReadSession[] = store.sessions.map((s) => {
    const r = new OcSessionReader(skips);
    for (const ev of s.events) r.line(ev);
    r.id ??= s.id;
    return { file, r, thread: threadOf(s.id) };
  });
  const links: Links = new Map();
  addLinks(links, readers, store.index);
  const rootOf = (thread: string): string => {
    let cur = thread;
    for (let i = 0; i < 32; i++) {
      const parent = links.get(cur)?.parent;
      if (!parent) return cur;
      cur = threadOf(parent);
    }
    return cur;
  };
  const trees = new Map<string, ReadSession[]>();
  for (const x of readers) {
    const root = rootOf(x.thread);
    trees.set(root, [...(trees.get(root) ?? []), x]);
  }
  return [...trees.entries()].flatMap(([root, list]) => assemble(root, list, links, store.appVersion) ?? []).filter((s) => s.calls.length > 0);
}

/**
 * Parses an OpenClaw unit: JSONL session files, or a SQLite session store. Sub-agent sessions are linked through
 * `sessions_spawn` results and the session index; prices are recomputed, the client's own cost kept raw.
 */
export async function parseOpenclaw(unit: ImportUnit, skips: SkipCounter): Promise<ImportedSession[]> {
  const first = unit.files[0];
  if (first && path.basename(first) === STORE_FILE) return parseStore(first, skips);
  return parseFiles(unit, skips);
}
