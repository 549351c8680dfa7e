import fs from 'node:fs';
import type { ThreadHints } from '../../domain/llm-call.js';
import { anthropicUsage } from '../../capture/wire/anthropic-messages.js';
import { apiOfModel, makeImportedCall } from '../common/call.js';
import { forEachJsonLine, isFsError } from '../common/jsonl.js';
import type { ImportedCall, ImportedSession, ImportUnit, SkipCounter } from '../common/types.js';
import { CcCollector, type PendingResponse } from './collect.js';
import { agentIdOfFile, isCompactionAgent } from './group.js';
import { CcAgentMetaSchema } from './schema.js';
import { countTokens } from '../../util/tokens.js';

interface AgentMeta {
  label: string | null;
  toolUseId: string | null;
}

function readMeta(file: string, skips: SkipCounter): AgentMeta {
  try {
    const p = CcAgentMetaSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')) as unknown);
    if (p.success) return { label: p.data.agentType ?? null, toolUseId: p.data.toolUseId ?? null };
    skips.add('claude-code:invalid_meta');
  } catch (err) {
    if (!(err instanceof SyntaxError) && !isFsError(err)) throw err;
    skips.add('claude-code:invalid_meta');
  }
  return { label: null, toolUseId: null };
}

function spawnLabel(args: string | undefined): string | null {
  if (!args) return null;
  const m = /"subagent_type"\s*:\s*"([^"]{1,60})"/.exec(args);
  return m?.[1] ?? null;
}

/** Thread hints for the structure builder: main = the session id; a sub-agent names its parent and spawning call. */
function hintsFor(c: CcCollector, threadId: string, metas: Map<string, AgentMeta>): ThreadHints {
  const base: ThreadHints = { sessionKey: c.sessionId, threadId };
  if (threadId === c.sessionId) return base;
  // a compaction run (`subagents/agent-acompact-*.jsonl`) is not a sub-agent: it is a call of the agent whose
  // history it summarized (the thread its first line continues; the main agent when the log does not say)
  if (isCompactionAgent(threadId)) return { sessionKey: c.sessionId, threadId: c.compactedThread.get(threadId) ?? c.sessionId, auxiliary: 'compaction' };
  const meta = metas.get(threadId);
  const spawnId = meta?.toolUseId ?? c.agentSpawn.get(threadId) ?? null;
  const parent = (spawnId ? c.toolCallThread.get(spawnId) : undefined) ?? c.sessionId;
  const label = meta?.label ?? spawnLabel(spawnId ? c.toolCallsById.get(spawnId)?.args : undefined);
  const hints: ThreadHints = { ...base, parentThreadId: parent };
  if (spawnId) hints.parentToolCallId = spawnId;
  if (label) hints.agentLabel = label;
  // Claude Code starts sub-agents with a "Warmup" prompt to fill the prompt cache: billed, but not agent work
  if ((c.threadFirstUser.get(threadId) ?? '').trim() === 'Warmup') hints.auxiliary = 'warmup';
  return hints;
}

function toCall(r: PendingResponse, hints: ThreadHints): ImportedCall {
  const fam = apiOfModel(r.model, { api: 'anthropic-messages', provider: 'anthropic' });
  const text = r.text.join('\n');
  const isError = r.apiError !== null;
  return {
    key: r.key,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    call: makeImportedCall({
      ...fam,
      model: r.model,
      // synthetic API-error messages were never billed: no usage, an error, $0
      usage: r.usage && !isError ? anthropicUsage(r.usage) : null,
      rawUsage: r.usage,
      stopReason: r.stopReason,
      outputText: isError ? '' : text,
      toolCalls: r.toolCalls,
      thinkingTokens: r.thinking.length ? countTokens(r.thinking.join('\n'), r.model) : 0,
      request: r.request,
      error: isError ? { status: null, type: 'api_error', message: (r.apiError ?? '').slice(0, 300) || 'API error' } : null,
      hints,
    }),
  };
}

/**
 * Parses one Claude Code session: the main transcript, then sub-agent transcripts, then progress-mirrored
 * sub-agent messages that no transcript holds. One API response = one call, however many lines repeat it.
 */
export async function parseClaudeCode(unit: ImportUnit, skips: SkipCounter): Promise<ImportedSession[]> {
  const c = new CcCollector(unit.key, skips);
  const metas = new Map<string, AgentMeta>();
  for (const side of unit.sideFiles) {
    const id = /agent-(.+)\.meta\.json$/.exec(side)?.[1];
    if (id) metas.set(id, readMeta(side, skips));
  }
  for (const file of unit.files) {
    const fileAgent = agentIdOfFile(file);
    await forEachJsonLine(file, skips, (raw) => c.line(raw, fileAgent));
  }
  c.replayMirrors();
  if (c.responses.size === 0 && c.firstAt === null) return [];
  const hints = new Map<string, ThreadHints>();
  const calls: ImportedCall[] = [];
  for (const r of c.responses.values()) {
    let h = hints.get(r.threadId);
    if (!h) hints.set(r.threadId, (h = hintsFor(c, r.threadId, metas)));
    calls.push(toCall(r, h));
  }
  calls.sort((a, b) => a.startedAt - b.startedAt);
  return [
    {
      key: `claude-code:${unit.key}`,
      format: 'claude-code',
      nativeId: unit.key,
      agentName: 'claude-code',
      agentVersion: c.version,
      cwd: c.cwd,
      gitBranch: c.gitBranch,
      gitCommit: null,
      startedAt: c.firstAt ?? 0,
      endedAt: c.lastAt,
      sourcePath: unit.files[0] ?? '',
      label: null,
      calls,
    },
  ];
}
