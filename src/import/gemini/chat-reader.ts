import fs from 'node:fs';
import { forEachLine, parseJsonLine, toMs } from '../common/jsonl.js';
import type { SkipCounter } from '../common/types.js';
import { GeminiMessageSchema, GeminiMetaSchema, type GeminiMessage } from './schema.js';

/** A chat recording's metadata and its messages in order (last version of each message id wins). */
export interface GeminiChat {
  sessionId: string | null;
  kind: string | null;
  startedAt: number | null;
  lastUpdated: number | null;
  messages: Map<string, GeminiMessage>;
}

function addMessage(chat: GeminiChat, raw: unknown, skips: SkipCounter): void {
  const m = GeminiMessageSchema.safeParse(raw);
  if (m.success) chat.messages.set(m.data.id, m.data);
  else skips.add('gemini:invalid_message');
}

function setMeta(chat: GeminiChat, raw: Record<string, unknown>, skips: SkipCounter): void {
  if (typeof raw['sessionId'] === 'string') chat.sessionId ??= raw['sessionId'];
  if (typeof raw['kind'] === 'string') chat.kind = raw['kind'];
  chat.startedAt ??= toMs(raw['startTime']);
  chat.lastUpdated = toMs(raw['lastUpdated']) ?? chat.lastUpdated;
  // a `$set` of the whole message list (history sync) replaces what came before; later records still apply
  if (Array.isArray(raw['messages'])) {
    chat.messages.clear();
    for (const m of raw['messages']) addMessage(chat, m, skips);
  }
}

/**
 * Reads one chat file into `chat`: the JSON document form (`{sessionId, messages: [...]}`, read whole: it is one
 * JSON value) or the JSONL form (metadata line, message records, `{$set}` metadata updates, `{$rewindTo}` marks).
 * Rewound messages are kept: their API calls were billed even if the conversation forgot them.
 */
export async function readGeminiChat(file: string, chat: GeminiChat, skips: SkipCounter): Promise<void> {
  if (file.endsWith('.json')) {
    let doc: unknown;
    try {
      doc = JSON.parse(await fs.promises.readFile(file, 'utf8')) as unknown;
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      skips.add('gemini:invalid_json_document');
      return;
    }
    const meta = GeminiMetaSchema.safeParse(doc);
    if (!meta.success) return skips.add('gemini:invalid_json_document');
    setMeta(chat, meta.data, skips);
    return;
  }
  await forEachLine(file, (line) => {
    const raw = parseJsonLine(line, skips);
    if (typeof raw !== 'object' || raw === null) return;
    const r = raw as Record<string, unknown>;
    if (typeof r['$set'] === 'object' && r['$set'] !== null) setMeta(chat, r['$set'] as Record<string, unknown>, skips);
    else if (typeof r['$rewindTo'] === 'string') return;
    else if (typeof r['id'] === 'string') addMessage(chat, r, skips);
    else if (typeof r['sessionId'] === 'string') setMeta(chat, r, skips);
    else skips.add('gemini:unknown_record');
  });
}

export function emptyChat(): GeminiChat {
  return { sessionId: null, kind: null, startedAt: null, lastUpdated: null, messages: new Map() };
}
