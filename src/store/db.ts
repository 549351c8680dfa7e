import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

export type Db = Database.Database;

export class DbError extends Error {}

/**
 * Opens (creating if needed) a clawtrace database: WAL so a recorder and a reader can work at once, a busy
 * timeout so two recorders can share one file, and every pending migration applied in one transaction each.
 */
export function openDb(file: string, opts: { readonly?: boolean } = {}): Db {
  if (file !== ':memory:') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (!fs.existsSync(file)) {
      if (opts.readonly) throw new DbError(`no clawtrace database at ${file} (record a session first)`);
      fs.closeSync(fs.openSync(file, 'a', 0o600));
    }
  }
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > SCHEMA_VERSION) {
    throw new DbError(
      `database schema version ${current} is newer than this clawtrace understands (${SCHEMA_VERSION}); upgrade clawtrace`,
    );
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}

/**
 * A read-only connection to a database another connection keeps open and migrated (worker threads that compile
 * while the main thread writes): no migration, no file creation.
 */
export function openDbReadonly(file: string): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

export function schemaVersion(db: Db): number {
  return Number(db.pragma('user_version', { simple: true }));
}
