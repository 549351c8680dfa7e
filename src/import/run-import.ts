import os from 'node:os';
import type { Db } from '../store/db.js';
import { SkipCounter, type FormatName, type ImportUnit } from './common/types.js';
import { discover } from './discover.js';
import { formatByName } from './formats.js';
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
  for (const { unit, stamps } of work) {
    const bytes = stamps.reduce((n, s) => n + s.size, 0);
    const tooOld = opts.since != null && stamps.every((s) => s.mtimeMs < (opts.since ?? 0));
    if (tooOld || unchangedSinceImport(db, stamps)) {
      summary.unchangedFiles += tooOld ? 0 : unit.files.length;
    } else {
      summary.readFiles += unit.files.length;
      summary.bytes += bytes;
      const sessions = await formatByName(unit.format).parse(unit, skips);
      db.transaction(() => {
        const ids: string[] = [];
        for (const s of sessions) {
          if (opts.since != null && (s.endedAt ?? s.startedAt) < opts.since) {
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
    progress.filesDone += unit.files.length;
    progress.bytesDone += bytes;
    opts.onProgress?.({ ...progress });
  }
  summary.skipped = skips.toJSON();
  return summary;
}
