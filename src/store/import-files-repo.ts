import type { Db } from './db.js';

/** What the last import saw of each log file (written by the importer, src/import/write.ts). */
export function importedFileStamps(db: Db): Map<string, { size: number; mtimeMs: number }> {
  const rows = db.prepare(`SELECT path, size, mtime_ms FROM import_files`).all() as { path: string; size: number; mtime_ms: number }[];
  return new Map(rows.map((r) => [r.path, { size: r.size, mtimeMs: r.mtime_ms }]));
}
