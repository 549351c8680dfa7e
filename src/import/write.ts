import fs from 'node:fs';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/db.js';
import { getSession, insertSession, newSessionId, sessionIdByNaturalKey, updateImportedSession } from '../store/sessions-repo.js';
import { shortHash } from '../util/hash.js';
import { isFsError, readHead } from './common/jsonl.js';
import type { FormatName, ImportedSession } from './common/types.js';

/** Version of the importers' mapping; stored with each imported call like a wire parser's version. */
export const IMPORT_PARSER_VERSION = 2;

export interface FileStamp {
  path: string;
  size: number;
  mtimeMs: number;
  headHash: string;
}

/**
 * Size, mtime and a hash of the first 4 KB: what decides whether a file changed since its last import. A missing or
 * empty file has one stamp whatever its mtime: it holds nothing (a SQLite WAL that a read-only open just created is
 * such a file, and must not make the next import re-read the store).
 */
export function stampFile(file: string): FileStamp {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    if (!isFsError(err)) throw err;
    return { path: file, size: 0, mtimeMs: 0, headHash: '' };
  }
  if (st.size === 0) return { path: file, size: 0, mtimeMs: 0, headHash: '' };
  return { path: file, size: st.size, mtimeMs: st.mtimeMs, headHash: shortHash(readHead(file)) };
}

/**
 * True when every file was imported before, none changed since, and its calls were read by this importer version
 * (an importer fix re-reads the logs it concerns): the unit can be skipped.
 */
export function unchangedSinceImport(db: Db, stamps: readonly FileStamp[]): boolean {
  const q = db.prepare(`SELECT size, mtime_ms, head_hash, session_ids_json FROM import_files WHERE path = ?`);
  const oldest = db.prepare(`SELECT MIN(parser_version) AS v FROM llm_calls WHERE session_id = ?`);
  return stamps.every((s) => {
    const row = q.get(s.path) as { size: number; mtime_ms: number; head_hash: string; session_ids_json: string } | undefined;
    if (row === undefined || row.size !== s.size || row.mtime_ms !== s.mtimeMs || row.head_hash !== s.headHash) return false;
    const ids = JSON.parse(row.session_ids_json) as string[];
    return ids.every((id) => ((oldest.get(id) as { v: number | null } | undefined)?.v ?? IMPORT_PARSER_VERSION) >= IMPORT_PARSER_VERSION);
  });
}

/** Records the files of a unit as imported (after its sessions were written). */
export function recordImportedFiles(db: Db, format: FormatName, stamps: readonly FileStamp[], sessionIds: readonly string[]): void {
  const q = db.prepare(
    `INSERT INTO import_files (path, format, size, mtime_ms, head_hash, session_ids_json, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(path) DO UPDATE SET format = excluded.format, size = excluded.size, mtime_ms = excluded.mtime_ms,
       head_hash = excluded.head_hash, session_ids_json = excluded.session_ids_json, imported_at = excluded.imported_at`,
  );
  for (const s of stamps) q.run(s.path, format, s.size, s.mtimeMs, s.headHash, JSON.stringify(sessionIds), Date.now());
}

const upserts = new WeakMap<Db, Statement>();

/**
 * The natural-key upsert of store/calls-repo.ts upsertCall (same SQL), prepared once per database: preparing it
 * per call cost a quarter of the import time on large corpora.
 */
function callUpsert(db: Db): Statement {
  let st = upserts.get(db);
  if (!st) {
    st = db.prepare(
      `INSERT INTO llm_calls (session_id, seq, exchange_id, natural_key, parser_version, started_at, first_byte_at, ended_at, model, call_json)
       VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(natural_key) DO UPDATE SET seq = excluded.seq, parser_version = excluded.parser_version,
         started_at = excluded.started_at, ended_at = excluded.ended_at, model = excluded.model, call_json = excluded.call_json`,
    );
    upserts.set(db, st);
  }
  return st;
}

export interface WrittenSession {
  id: string;
  created: boolean;
  calls: number;
  /** nothing written: an older, shorter copy of a session already stored in full (another path holds the same log) */
  olderCopy: boolean;
}

/** The natural keys of a session's stored calls. */
function storedCallKeys(db: Db, sessionId: string): Set<string> {
  const rows = db.prepare(`SELECT natural_key FROM llm_calls WHERE session_id = ? AND natural_key IS NOT NULL`).all(sessionId) as { natural_key: string }[];
  return new Set(rows.map((r) => r.natural_key));
}

/**
 * Stores one imported session as an ordinary session (source 'import') with its calls, idempotently: the session
 * is found again by its natural key, each call by `<session key>|<call key>`, so a re-import updates in place.
 * Call it inside a transaction.
 */
export function writeImportedSession(db: Db, s: ImportedSession): WrittenSession {
  const foundId = sessionIdByNaturalKey(db, s.key);
  const found = foundId ? getSession(db, foundId) : null;
  let id: string;
  if (found) {
    id = found.id;
    // an older, shorter copy of the same log (a backup, a synced folder): every call it has is stored already, from a
    // fuller copy; writing it would put its older versions of those calls over the newer ones
    const stored = storedCallKeys(db, id);
    const keys = s.calls.map((c) => `${s.key}|${c.key}`);
    if (keys.length < stored.size && keys.every((k) => stored.has(k))) return { id, created: false, calls: 0, olderCopy: true };
    // several units may feed one session (a sub-agent file imported before its parent): widen, never shrink
    updateImportedSession(db, id, {
      startedAt: Math.min(found.startedAt, s.startedAt),
      endedAt: Math.max(found.endedAt ?? 0, s.endedAt ?? s.startedAt),
      agentVersion: s.agentVersion,
      sourcePath: s.sourcePath,
    });
  } else {
    // a stable id derived from the natural key: the same logs give the same ids in every database
    const derived = shortHash(s.key).slice(0, 12);
    id = getSession(db, derived) === null ? derived : newSessionId();
    insertSession(
      db,
      {
        id,
        label: s.label,
        tags: { imported_from: s.format },
        source: 'import',
        command: [],
        cwd: s.cwd,
        agentName: s.agentName,
        agentVersion: s.agentVersion,
        gitCommit: s.gitCommit,
        gitBranch: s.gitBranch,
        gitDirty: null,
        startedAt: s.startedAt,
        endedAt: s.endedAt,
        exitCode: null,
        signal: null,
        stoppedReason: null,
        outcome: { status: 'unknown', source: 'none', evidence: null },
        sourcePath: s.sourcePath,
      },
      s.key,
    );
  }
  const upsert = callUpsert(db);
  s.calls.forEach((c, i) => {
    upsert.run(id, i + 1, `${s.key}|${c.key}`, IMPORT_PARSER_VERSION, c.startedAt, null, c.endedAt, c.call.model, JSON.stringify(c.call));
  });
  return { id, created: !found, calls: s.calls.length, olderCopy: false };
}
