import fs from 'node:fs';
import path from 'node:path';
import { forEachLine, headObjects, isFsError, readHeadLines } from '../common/jsonl.js';
import type { ImportUnit } from '../common/types.js';
import { OcSessionsIndexSchema } from './schema.js';
import { STORE_FILE } from './sqlite-store.js';

/** Session key → its current session id, the key of the session that spawned it, and its label. */
export type SessionsIndex = Map<string, { sessionId: string; spawnedBy: string | null; label: string | null }>;

/** sessions.json of a folder as a SessionsIndex, or empty when absent or unreadable. */
export function readSessionsIndex(dir: string): SessionsIndex {
  const out: SessionsIndex = new Map();
  try {
    const p = OcSessionsIndexSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dir, 'sessions.json'), 'utf8')) as unknown);
    if (!p.success) return out;
    for (const [key, e] of Object.entries(p.data)) {
      if (e.sessionId) out.set(key, { sessionId: e.sessionId, spawnedBy: e.spawnedBy ?? null, label: e.label ?? null });
    }
  } catch (err) {
    if (!(err instanceof SyntaxError) && !isFsError(err)) throw err;
  }
  return out;
}

function sessionIdOf(file: string): string {
  for (const o of headObjects(readHeadLines(file, 1, 0), 1)) {
    const r = typeof o === 'object' && o !== null ? (o as Record<string, unknown>) : {};
    if (r['type'] === 'session' && typeof r['id'] === 'string') return r['id'];
  }
  return path.basename(file, '.jsonl');
}

/** Child session keys named by `sessions_spawn` results in a file (a cheap scan of lines that mention one). */
async function spawnedKeys(file: string): Promise<string[]> {
  const keys: string[] = [];
  await forEachLine(file, (line) => {
    if (!line.includes('childSessionKey')) return;
    for (const m of line.matchAll(/childSessionKey\\?"\s*:\s*\\?"([^"\\]+)/g)) if (m[1]) keys.push(m[1]);
  });
  return keys;
}

/**
 * Groups OpenClaw session files: a sub-agent session (named by a parent's `sessions_spawn` result, or by
 * `spawnedBy` in sessions.json) joins its parent's unit, so it imports as a sub-agent of the parent session.
 */
export async function groupOpenclaw(all: readonly string[]): Promise<ImportUnit[]> {
  // a session store (OpenClaw >= 2026.9) is a unit of its own: it holds whole session trees, grouped when parsed
  const stores = all.filter((f) => path.basename(f) === STORE_FILE);
  // its write-ahead log holds the newest transactions: a change there is a change of the store
  const storeUnits = stores.map((f) => ({ format: 'openclaw' as const, key: f, files: [f], sideFiles: [`${f}-wal`] }));
  const files = all.filter((f) => path.basename(f) !== STORE_FILE);
  const idOf = new Map(files.map((f) => [f, sessionIdOf(f)]));
  const parentOf = new Map<string, string>();
  const side = new Map<string, string>();
  for (const dir of new Set(files.map((f) => path.dirname(f)))) {
    const index = readSessionsIndex(dir);
    if (fs.existsSync(path.join(dir, 'sessions.json'))) side.set(dir, path.join(dir, 'sessions.json'));
    for (const e of index.values()) {
      const parent = e.spawnedBy ? index.get(e.spawnedBy) : undefined;
      if (parent) parentOf.set(e.sessionId, parent.sessionId);
    }
    for (const f of files.filter((x) => path.dirname(x) === dir)) {
      for (const key of await spawnedKeys(f)) {
        const child = index.get(key);
        const me = idOf.get(f);
        if (child && me && child.sessionId !== me) parentOf.set(child.sessionId, me);
      }
    }
  }
  const rootOf = (id: string): string => {
    let cur = id;
    for (let i = 0; i < 32 && parentOf.has(cur); i++) cur = parentOf.get(cur) ?? cur;
    return cur;
  };
  const units = new Map<string, string[]>();
  for (const f of files) {
    const root = rootOf(idOf.get(f) ?? f);
    units.set(root, [...(units.get(root) ?? []), f]);
  }
  const jsonlUnits = [...units.entries()].map(([key, list]) => {
    const main = list.find((f) => idOf.get(f) === key);
    const rest = list.filter((f) => f !== main).sort();
    const dirs = new Set(list.map((f) => path.dirname(f)));
    return {
      format: 'openclaw' as const,
      key,
      files: main ? [main, ...rest] : rest,
      sideFiles: [...dirs].map((d) => side.get(d)).filter((x): x is string => x !== undefined),
    };
  });
  return [...storeUnits, ...jsonlUnits];
}
