import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { createFileNoFollow, LinkRefused, refuseLink } from './safe-files.js';

export type Db = Database.Database;
export type Statement = Database.Statement;

export class DbError extends Error {}

/** Node's module ABI numbers (process.versions.modules) of the Node majors clawtrace may meet. */
const NODE_OF_ABI: Record<string, string> = { '108': '18', '115': '20', '120': '21', '127': '22', '131': '23', '137': '24', '141': '25' };

/**
 * better-sqlite3 is a native module built for the Node that installed clawtrace; under another Node (OpenClaw needs
 * Node 24) it cannot load. Says which Node it was built for, which one this is, and the two ways out.
 */
export function nativeModuleMessage(err: unknown): string | null {
  const msg = err instanceof Error ? err.message : String(err);
  const m = /NODE_MODULE_VERSION (\d+)\.[\s\S]*?requires\s+NODE_MODULE_VERSION (\d+)/.exec(msg);
  if (!m) return null;
  const built = m[1] ?? '?';
  const builtFor = NODE_OF_ABI[built] ? `Node ${NODE_OF_ABI[built]}` : `another Node (module version ${built})`;
  const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  return (
    `clawtrace was installed with ${builtFor}, but this is Node ${process.versions.node} (${process.execPath}): its SQLite ` +
    `module cannot load here. Run clawtrace with ${builtFor} (e.g. put it first on PATH; the agent it records may use any Node), ` +
    `or rebuild it for this one: (cd ${pkg} && npm rebuild better-sqlite3)`
  );
}

/** A database file is created private and never at the far end of a link (nor are its WAL and shared-memory files). */
function prepareFile(file: string, readonly: boolean): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (const f of [file, `${file}-wal`, `${file}-shm`]) refuseLink(f);
  if (!fs.existsSync(file)) {
    if (readonly) throw new DbError(`no clawtrace database at ${file} (record a session first)`);
    createFileNoFollow(file);
  }
}

/**
 * Opens (creating if needed) a clawtrace database: WAL so a recorder and a reader can work at once, a busy
 * timeout so two recorders can share one file, and every pending migration applied in one transaction each.
 */
export function openDb(file: string, opts: { readonly?: boolean; busyMs?: number } = {}): Db {
  if (file !== ':memory:') {
    try {
      prepareFile(file, opts.readonly === true);
    } catch (err) {
      if (err instanceof LinkRefused) throw new DbError(err.message);
      throw err;
    }
  }
  let db: Db;
  try {
    db = new Database(file);
  } catch (err) {
    const native = nativeModuleMessage(err);
    if (native) throw new DbError(native);
    throw err;
  }
  db.pragma(`busy_timeout = ${opts.busyMs ?? 5000}`);
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

const statements = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement kept per connection: hot writes (the recorder's inserts) compile their SQL once. */
export function cached(db: Db, sql: string): Statement {
  let byDb = statements.get(db);
  if (!byDb) statements.set(db, (byDb = new Map()));
  let s = byDb.get(sql);
  if (!s) byDb.set(sql, (s = db.prepare(sql)));
  return s;
}
