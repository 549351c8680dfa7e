import path from 'node:path';
import type { ThreadHints } from '../../domain/llm-call.js';
import { makeImportedCall } from '../common/call.js';
import { forEachLine, parseJsonLine } from '../common/jsonl.js';
import type { ImportedCall, ImportedSession, ImportUnit, SkipCounter } from '../common/types.js';
import { readSessionsIndex } from './group.js';
import { OcSessionReader } from './session-reader.js';

function labelOf(args: string | undefined): string | null {
  return args ? (/"label"\s*:\s*"([^"]{1,60})"/.exec(args)?.[1] ?? null) : null;
}

/**
 * Parses an OpenClaw session and the sub-agent sessions it spawned (linked through `sessions_spawn` results and
 * sessions.json). Each assistant message with usage is one call; prices are recomputed, the client's cost kept raw.
 */
export async function parseOpenclaw(unit: ImportUnit, skips: SkipCounter): Promise<ImportedSession[]> {
  const readers: { file: string; r: OcSessionReader }[] = [];
  for (const file of unit.files) {
    const r = new OcSessionReader(skips);
    await forEachLine(file, (line) => {
      const raw = parseJsonLine(line, skips);
      if (raw !== undefined) r.line(raw);
    });
    r.id ??= path.basename(file, '.jsonl');
    readers.push({ file, r });
  }
  const main = readers[0];
  if (!main) return [];
  const rootId = unit.key;
  // child session id → { parent session id, spawning tool call }
  const links = new Map<string, { parent: string; toolCallId: string | null; label: string | null }>();
  for (const dir of new Set(unit.files.map((f) => path.dirname(f)))) {
    const index = readSessionsIndex(dir);
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
  const calls: ImportedCall[] = [];
  for (const { r } of readers) {
    const id = r.id ?? rootId;
    const hints: ThreadHints = { sessionKey: rootId, threadId: id };
    const link = id === rootId ? undefined : links.get(id);
    if (id !== rootId) hints.parentThreadId = link?.parent ?? rootId;
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
          complete: c.error === null,
        }),
      });
    }
  }
  calls.sort((a, b) => a.startedAt - b.startedAt);
  const firsts = readers.map((x) => x.r.firstAt).filter((x): x is number => x !== null);
  const lasts = readers.map((x) => x.r.lastAt).filter((x): x is number => x !== null);
  return [
    {
      key: `openclaw:${rootId}`,
      format: 'openclaw',
      nativeId: rootId,
      agentName: 'openclaw',
      agentVersion: main.r.version !== null ? `session-format-${main.r.version}` : null,
      cwd: main.r.cwd,
      gitBranch: null,
      gitCommit: null,
      startedAt: firsts.length ? Math.min(...firsts) : 0,
      endedAt: lasts.length ? Math.max(...lasts) : null,
      sourcePath: main.file,
      label: null,
      calls,
    },
  ];
}
