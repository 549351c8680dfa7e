import type { ThreadHints } from '../../domain/llm-call.js';
import { apiOfModel, makeImportedCall } from '../common/call.js';
import { forEachJsonLine } from '../common/jsonl.js';
import type { ImportedCall, ImportedSession, ImportUnit, SkipCounter } from '../common/types.js';
import { parentThreadOf, RolloutReader } from './rollout.js';

interface ReadFile {
  file: string;
  reader: RolloutReader;
  threadId: string;
}

/**
 * The spawn tool call in the parent whose output names the child, when the log tells: by thread id, or (multi-agent
 * v2, whose spawn_agent answers `{"task_name":"/root/helper"}`) by the child's agent path.
 */
function spawnCallOf(parent: ReadFile | undefined, childId: string, agentPath: string | null): string | null {
  if (!parent) return null;
  for (const [callId, text] of parent.reader.spawnOutputs) if (text.includes(childId)) return callId;
  if (agentPath) for (const [callId, text] of parent.reader.spawnOutputs) if (text.includes(JSON.stringify(agentPath))) return callId;
  return null;
}

function hintsOf(f: ReadFile, root: string, byId: Map<string, ReadFile>): ThreadHints {
  const hints: ThreadHints = { sessionKey: root, threadId: f.threadId };
  const meta = f.reader.meta;
  const parent = meta ? parentThreadOf(meta) : null;
  if (!parent) return hints;
  hints.parentThreadId = parent;
  const spawn = spawnCallOf(byId.get(parent), f.threadId, meta?.agent_path ?? null);
  if (spawn) hints.parentToolCallId = spawn;
  const label = meta?.agent_nickname ?? meta?.agent_role ?? null;
  if (label) hints.agentLabel = label;
  return hints;
}

/**
 * Parses the rollouts of one Codex session (the root thread and its sub-agent threads). Each rollout is one
 * thread; each new token_count total is one API call with that response's usage.
 */
export async function parseCodex(unit: ImportUnit, skips: SkipCounter): Promise<ImportedSession[]> {
  const read: ReadFile[] = [];
  for (const file of unit.files) {
    const reader = new RolloutReader(skips);
    await forEachJsonLine(file, skips, (raw) => reader.line(raw));
    reader.finish();
    read.push({ file, reader, threadId: reader.meta?.id ?? file });
  }
  const byId = new Map(read.map((f) => [f.threadId, f]));
  const main = read.find((f) => f.threadId === unit.key) ?? read[0];
  if (!main) return [];
  const calls: ImportedCall[] = [];
  let first: number | null = null;
  let last: number | null = null;
  for (const f of read) {
    const hints = hintsOf(f, unit.key, byId);
    const provider = f.reader.meta?.model_provider;
    const fallback = { api: 'openai-responses' as const, provider: provider === 'openai' || !provider ? ('openai' as const) : ('other' as const) };
    for (const c of f.reader.calls) {
      calls.push({
        key: `${f.threadId}:${c.index}`,
        startedAt: c.startedAt,
        endedAt: c.endedAt,
        call: makeImportedCall({
          ...apiOfModel(c.model, fallback),
          model: c.model,
          usage: c.usage,
          rawUsage: c.rawUsage,
          stopReason: null,
          outputText: c.text.join('\n'),
          toolCalls: c.toolCalls,
          request: c.request,
          error: null,
          hints,
          complete: c.complete,
        }),
      });
    }
    if (f.reader.firstAt !== null) first = first === null ? f.reader.firstAt : Math.min(first, f.reader.firstAt);
    if (f.reader.lastAt !== null) last = last === null ? f.reader.lastAt : Math.max(last, f.reader.lastAt);
  }
  if (first === null && calls.length === 0) return [];
  calls.sort((a, b) => a.startedAt - b.startedAt);
  const meta = main.reader.meta;
  return [
    {
      key: `codex:${unit.key}`,
      format: 'codex',
      nativeId: unit.key,
      agentName: 'codex',
      agentVersion: meta?.cli_version ?? null,
      cwd: meta?.cwd ?? null,
      gitBranch: meta?.git?.branch ?? null,
      gitCommit: meta?.git?.commit_hash ?? null,
      startedAt: first ?? 0,
      endedAt: last,
      sourcePath: main.file,
      label: null,
      calls,
    },
  ];
}
