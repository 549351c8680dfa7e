import type { ThreadHints, ToolCall } from '../../domain/llm-call.js';
import { geminiUsage } from '../../capture/wire/gemini.js';
import { contentText, makeImportedCall, makeToolCall } from '../common/call.js';
import { toMs } from '../common/jsonl.js';
import { ThreadState } from '../common/thread-state.js';
import type { ImportedCall, ImportedSession, ImportUnit, SkipCounter } from '../common/types.js';
import { emptyChat, readGeminiChat, type GeminiChat } from './chat-reader.js';
import { parentOfFile } from './group.js';
import { GeminiToolCallSchema } from './schema.js';

/** Text of a tool result: the functionResponse parts Gemini CLI stored with the call. */
function resultText(result: unknown): string {
  if (!Array.isArray(result)) return typeof result === 'string' ? result : JSON.stringify(result ?? '');
  return result
    .map((p) => {
      const fr = (p as { functionResponse?: { response?: unknown } }).functionResponse;
      if (fr) return typeof fr.response === 'string' ? fr.response : JSON.stringify(fr.response ?? {});
      return contentText([p]);
    })
    .join('\n');
}

/** Calls of one chat: every `gemini` message is one API response; its tool results go to the next request. */
function chatCalls(chat: GeminiChat, threadId: string, hints: ThreadHints, skips: SkipCounter): ImportedCall[] {
  const state = new ThreadState(`gemini/${threadId}`);
  const calls: ImportedCall[] = [];
  for (const m of chat.messages.values()) {
    const at = toMs(m.timestamp) ?? chat.startedAt ?? 0;
    if (m.type === 'user') {
      state.userText(contentText(m.content));
      continue;
    }
    if (m.type !== 'gemini') continue; // info / error / warning lines are the CLI's own notices
    const request = state.snapshot();
    const text = contentText(m.content);
    const seen = new Map<string, number>();
    const tools: { call: ToolCall; result: unknown; error: boolean }[] = [];
    for (const raw of m.toolCalls ?? []) {
      const t = GeminiToolCallSchema.safeParse(raw);
      if (!t.success) {
        skips.add('gemini:invalid_tool_call');
        continue;
      }
      const n = seen.get(t.data.name) ?? 0;
      seen.set(t.data.name, n + 1);
      const id = t.data.id ?? `${t.data.name}#${n}`;
      tools.push({ call: makeToolCall(id, t.data.name, t.data.args), result: t.data.result, error: t.data.status === 'error' });
    }
    state.assistant(m.id, text, tools.map((t) => t.call));
    for (const t of tools) if (t.result !== undefined) state.toolResult(t.call.id, resultText(t.result), t.error);
    const tk = m.tokens;
    calls.push({
      key: `${threadId}:${m.id}`,
      startedAt: at,
      endedAt: at,
      call: makeImportedCall({
        api: 'gemini-generate',
        provider: 'google',
        model: m.model ?? null,
        usage: tk
          ? geminiUsage({
              promptTokenCount: tk.input ?? 0,
              candidatesTokenCount: tk.output ?? 0,
              cachedContentTokenCount: tk.cached ?? 0,
              thoughtsTokenCount: tk.thoughts ?? 0,
              toolUsePromptTokenCount: tk.tool ?? 0,
            })
          : null,
        rawUsage: tk ?? null,
        stopReason: null,
        outputText: text,
        toolCalls: tools.map((t) => t.call),
        request,
        error: null,
        hints,
        complete: tk !== null && tk !== undefined,
      }),
    });
  }
  return calls;
}

/** Parses a Gemini CLI session (main chat, its migrated copy, and sub-agent chats) into one imported session. */
export async function parseGemini(unit: ImportUnit, skips: SkipCounter): Promise<ImportedSession[]> {
  const main = emptyChat();
  const subs = new Map<string, GeminiChat>();
  for (const file of unit.files) {
    if (parentOfFile(file) === null) {
      await readGeminiChat(file, main, skips);
    } else {
      const chat = emptyChat();
      await readGeminiChat(file, chat, skips);
      subs.set(chat.sessionId ?? file, chat);
    }
  }
  const root = main.sessionId ?? unit.key;
  const calls = chatCalls(main, root, { sessionKey: root, threadId: root }, skips);
  for (const [id, chat] of subs) calls.push(...chatCalls(chat, id, { sessionKey: root, threadId: id, parentThreadId: root }, skips));
  if (calls.length === 0 && main.messages.size === 0 && subs.size === 0) return [];
  calls.sort((a, b) => a.startedAt - b.startedAt);
  const times = [main, ...subs.values()].flatMap((c) => [c.startedAt, c.lastUpdated]).filter((x): x is number => x !== null);
  for (const c of calls) times.push(c.startedAt);
  const first = times.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
  const last = times.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
  return [
    {
      key: `gemini:${root}`,
      format: 'gemini',
      nativeId: root,
      agentName: 'gemini-cli',
      agentVersion: null,
      cwd: null,
      gitBranch: null,
      gitCommit: null,
      startedAt: Number.isFinite(first) ? first : 0,
      endedAt: Number.isFinite(last) ? last : null,
      sourcePath: unit.files[0] ?? '',
      label: null,
      calls,
    },
  ];
}
