import os from 'node:os';
import type { Db } from '../store/db.js';
import { SkipCounter, type FormatName, type ImportedSession, type ImportUnit } from './common/types.js';
import { discover } from './discover.js';
import { formatByName } from './formats.js';
import { ParsePool, parseWorkerCount } from './parse-pool.js';
import { recordImportedFiles, stampFile, unchangedSinceImport, writeImportedSession, type FileStamp } from './write.js';

export interface ImportProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface ImportOptions {
  /** files or folders; empty = every agent's default folders */
  paths: readonly string[];
  from?: FormatName;
  /** epoch ms: only sessions active at or after it */
  since?: number | null;
  env: NodeJS.ProcessEnv;
  /** home folder for the default locations (default: os.homedir()) */
  homedir?: string;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportSummary {
  /** log files found */
  files: number;
  /** files skipped because they were imported before and have not changed */
  unchangedFiles: number;
  /** files read now, and their bytes */
  readFiles: number;
  bytes: number;
  sessions: number;
  newSessions: number;
  updatedSessions: number;
  calls: number;
  /** sessions left out by --since */
  olderSessions: number;
  /** files that matched no known format */
  unknownFiles: number;
  /** their paths, so a log that could not be read is named, not just counted */
  unknownPaths: string[];
  sessionsByFormat: Partial<Record<FormatName, number>>;
  /** skipped lines (and other skipped records) by reason */
  skipped: Record<string, number>;
  /** units parsed on worker threads (an import of a few MB parses on one thread) */
  parsedInThreads: number;
}

/**
 * `clawtrace import`: finds agent logs, groups each format's files into sessions, parses them and stores them as
 * ordinary sessions and calls. Idempotent: unchanged files are skipped, changed ones re-parsed and upserted on
 * natural keys. Bad lines are counted by reason, never fatal.
 */
export async function runImport(db: Db, opts: ImportOptions): Promise<ImportSummary> {
  const found = discover(opts.paths, { env: opts.env, homedir: opts.homedir ?? os.homedir() }, opts.from);
  const skips = new SkipCounter();
  const summary: ImportSummary = {
    files: found.unknown.length,
    unchangedFiles: 0,
    readFiles: 0,
    bytes: 0,
    sessions: 0,
    newSessions: 0,
    updatedSessions: 0,
    calls: 0,
    olderSessions: 0,
    unknownFiles: found.unknown.length,
    unknownPaths: found.unknown,
    sessionsByFormat: {},
    skipped: {},
    parsedInThreads: 0,
  };
  const work: { unit: ImportUnit; stamps: FileStamp[] }[] = [];
  for (const [name, files] of found.byFormat) {
    summary.files += files.length;
    for (const unit of await formatByName(name).group(files)) {
      work.push({ unit, stamps: [...unit.files, ...unit.sideFiles].map(stampFile) });
    }
  }
  const progress: ImportProgress = { filesDone: 0, filesTotal: summary.files - found.unknown.length, bytesDone: 0, bytesTotal: 0 };
  for (const w of work) progress.bytesTotal += w.stamps.reduce((n, s) => n + s.size, 0);
  const todo = work.map((w) => {
    const bytes = w.stamps.reduce((n, s) => n + s.size, 0);
    const tooOld = opts.since != null && w.stamps.every((s) => s.mtimeMs < (opts.since ?? 0));
    return { ...w, bytes, tooOld, read: !tooOld && !unchangedSinceImport(db, w.stamps) };
  });
  const toRead = todo.filter((w) => w.read);
  // units are parsed ahead on worker threads (a few at a time, to bound memory) and written here, in order
  const workers = parseWorkerCount(toRead.reduce((n, w) => n + w.bytes, 0), toRead.length);
  const pool = new ParsePool(workers, skips);
  const ahead = Math.max(1, 2 * workers);
  // a unit parsed ahead that fails is held as its error and thrown when its turn comes, as a serial import would
  const parsed = new Map<ImportUnit, Promise<ImportedSession[] | Error>>();
  const parseAhead = (from: number): void => {
    for (let i = from; i < toRead.length && parsed.size < ahead; i++) {
      const unit = toRead[i]?.unit;
      if (unit && !parsed.has(unit)) parsed.set(unit, pool.parse(unit).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))));
    }
  };
  try {
    let readIndex = 0;
    for (const { unit, stamps, bytes, tooOld, read } of todo) {
      if (!read) summary.unchangedFiles += tooOld ? 0 : unit.files.length;
      else {
        summary.readFiles += unit.files.length;
        summary.bytes += bytes;
        parseAhead(readIndex);
        const sessions = await (parsed.get(unit) ?? pool.parse(unit));
        parsed.delete(unit);
        if (sessions instanceof Error) throw sessions;
        readIndex++;
        parseAhead(readIndex);
        writeUnit(db, unit, stamps, sessions, opts.since ?? null, summary, skips);
      }
      progress.filesDone += unit.files.length;
      progress.bytesDone += bytes;
      opts.onProgress?.({ ...progress });
    }
  } finally {
    summary.parsedInThreads = pool.onThreads;
    await pool.close();
  }
  summary.skipped = skips.toJSON();
  return summary;
}

/** Stores one unit's sessions and the files they came from, in one transaction. */
function writeUnit(db: Db, unit: ImportUnit, stamps: FileStamp[], sessions: ImportedSession[], since: number | null, summary: ImportSummary, skips: SkipCounter): void {
  db.transaction(() => {
    const ids: string[] = [];
    for (const s of sessions) {
      if (since != null && (s.endedAt ?? s.startedAt) < since) {
        summary.olderSessions++;
        continue;
      }
      const w = writeImportedSession(db, s);
      ids.push(w.id);
      if (w.olderCopy) {
        skips.add(`${s.format}:older_copy_of_stored_session`);
        continue;
      }
      summary.sessions++;
      summary.calls += w.calls;
      if (w.created) summary.newSessions++;
      else summary.updatedSessions++;
      summary.sessionsByFormat[s.format] = (summary.sessionsByFormat[s.format] ?? 0) + 1;
    }
    recordImportedFiles(db, unit.format, stamps, ids);
  })();
}
