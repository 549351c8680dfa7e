import path from 'node:path';
import { readHeadLines } from '../common/jsonl.js';
import type { ImportUnit } from '../common/types.js';

function sessionIdOf(file: string): string {
  return /"sessionId"\s*:\s*"([^"]+)"/.exec(readHeadLines(file, 5, 8192))?.[1] ?? file;
}

/** A sub-agent chat lives at `chats/<parent session id>/<id>.jsonl`: the parent id, else null. */
export function parentOfFile(file: string): string | null {
  const dir = path.dirname(file);
  return path.basename(path.dirname(dir)) === 'chats' && !path.basename(file).startsWith('session-') ? path.basename(dir) : null;
}

/**
 * Groups Gemini CLI chat files by session id: a legacy `.json` and the `.jsonl` it was migrated to are one
 * session; sub-agent chats (`chats/<parent>/<id>.jsonl`) join their parent's session.
 */
export async function groupGemini(files: readonly string[]): Promise<ImportUnit[]> {
  const units = new Map<string, { mains: string[]; subs: string[] }>();
  for (const f of files) {
    const parent = parentOfFile(f);
    const key = parent ?? sessionIdOf(f);
    const u = units.get(key) ?? { mains: [], subs: [] };
    (parent ? u.subs : u.mains).push(f);
    units.set(key, u);
  }
  return [...units.entries()].map(([key, u]) => ({
    format: 'gemini' as const,
    key,
    // .json before .jsonl: the migrated .jsonl repeats the document's messages, later copies win
    files: [...u.mains.sort(), ...u.subs.sort()],
    sideFiles: [],
  }));
}
