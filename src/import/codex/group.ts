import { headObjects, readFirstLine, readHead } from '../common/jsonl.js';
import type { ImportUnit } from '../common/types.js';
import { parentThreadOf } from './rollout.js';
import { CodexSessionMetaSchema } from './schema.js';

interface Head {
  file: string;
  id: string;
  parent: string | null;
}

function headOf(file: string): Head {
  // session_meta is the first line, and can be far longer than a head (Codex >= 0.16x embeds its base prompt)
  const first = readFirstLine(file);
  for (const o of headObjects(first.length ? first : readHead(file, 16384), 3)) {
    const payload = typeof o === 'object' && o !== null ? (o as Record<string, unknown>)['payload'] : undefined;
    const m = CodexSessionMetaSchema.safeParse(payload);
    if (m.success) return { file, id: m.data.id, parent: parentThreadOf(m.data) };
  }
  return { file, id: file, parent: null };
}

/**
 * Groups rollouts into sessions: a sub-agent rollout (source.subagent.thread_spawn) joins its root thread's
 * session, so `show` draws it as a sub-agent of the parent. Other rollouts are a session each.
 */
export async function groupCodex(files: readonly string[]): Promise<ImportUnit[]> {
  const heads = files.map(headOf);
  const parentOf = new Map(heads.map((h) => [h.id, h.parent]));
  const rootOf = (id: string): string => {
    let cur = id;
    for (let depth = 0; depth < 32; depth++) {
      const p = parentOf.get(cur);
      if (!p) return cur;
      cur = p;
    }
    return cur;
  };
  const units = new Map<string, Head[]>();
  for (const h of heads) {
    // a child whose parent is not among the files still files under the parent's id (same session once both come)
    const root = parentOf.has(h.parent ?? '') || !h.parent ? rootOf(h.id) : rootOf(h.parent);
    const list = units.get(root) ?? [];
    list.push(h);
    units.set(root, list);
  }
  return [...units.entries()].map(([key, list]) => {
    const sorted = [...list].sort((a, b) => Number(a.parent !== null) - Number(b.parent !== null) || a.file.localeCompare(b.file));
    return { format: 'codex' as const, key, files: sorted.map((h) => h.file), sideFiles: [] };
  });
}
