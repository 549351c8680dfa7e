import fs from 'node:fs';
import { readHead } from '../../import/common/jsonl.js';
import { listLogFiles } from '../../import/discover.js';
import { IMPORT_FORMATS } from '../../import/formats.js';
import type { Db } from '../../store/db.js';
import { importedFileStamps } from '../../store/import-files-repo.js';

/**
 * Whether the agents' log folders hold anything the last import did not read: a new log file, or a known one whose
 * size or modification time moved (what the importer itself compares first). A file that was deleted holds nothing
 * new. Lets `report` skip the importer's own pass, which reads the head of every file, when nothing changed.
 */
export function logsChangedSinceImport(db: Db, env: NodeJS.ProcessEnv, homedir: string): boolean {
  const known = importedFileStamps(db);
  for (const [file, stamp] of known) {
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch (err) {
      if (err instanceof Error && 'code' in err && (err.code === 'ENOENT' || err.code === 'ENOTDIR')) continue;
      throw err;
    }
    // the importer stamps an empty file with mtime 0
    const mtime = st.size === 0 ? 0 : st.mtimeMs;
    if (st.size !== stamp.size || mtime !== stamp.mtimeMs) return true;
  }
  for (const f of IMPORT_FORMATS) {
    for (const root of f.defaultRoots({ env, homedir })) {
      for (const file of listLogFiles(root)) if (!known.has(file) && f.looksLike(file, readHead(file))) return true;
    }
  }
  return false;
}
