import { openDb, type Db } from '../store/db.js';
import { resolveDbPath } from '../store/location.js';

export interface GlobalOptions {
  db?: string;
}

/** Opens the database the user means (`--db`, `CLAWTRACE_DB`, or the project's `.clawtrace/clawtrace.db`). */
export function openProjectDb(opts: GlobalOptions): { db: Db; path: string } {
  const path = resolveDbPath({ db: opts.db, cwd: process.cwd(), env: process.env });
  return { db: openDb(path), path };
}

/** Every command that reads or writes the database takes `--db` itself (options after the command name). */
export const DB_OPTION = ['--db <path>', 'database file (default: .clawtrace/clawtrace.db at the git root; env CLAWTRACE_DB)'] as const;
