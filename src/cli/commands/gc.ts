import type { Command } from 'commander';
import { collectGarbage, compactStore, formatBytes, storeSize, storeSizeLine } from '../../store/retention.js';
import { DB_OPTION, openProjectDb, type GlobalOptions } from '../context.js';
import { UsageError } from '../errors.js';

interface GcFlags {
  olderThan?: string;
  maxSize?: string;
  dryRun?: boolean;
  vacuum: boolean;
}

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, k: 1024, mb: 1024 ** 2, m: 1024 ** 2, gb: 1024 ** 3, g: 1024 ** 3, tb: 1024 ** 4, t: 1024 ** 4 };

/** `30d`, `12h`, `2w` → ms. */
export function parseAge(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(h|d|w)$/i.exec(s.trim());
  if (!m) throw new UsageError(`--older-than takes an age like 30d, 12h or 2w, got '${s}'`);
  const n = Number(m[1]);
  const unit = (m[2] ?? 'd').toLowerCase();
  return n * (unit === 'h' ? 3_600_000 : unit === 'w' ? 7 * 86_400_000 : 86_400_000);
}

/** `500MB`, `2GB`, `1024` → bytes. */
export function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?b?)$/i.exec(s.trim());
  const unit = UNITS[(m?.[2] ?? 'x').toLowerCase()];
  if (!m || unit === undefined) throw new UsageError(`--max-size takes a size like 500MB or 2GB, got '${s}'`);
  return Math.floor(Number(m[1]) * unit);
}

/** `clawtrace gc`: drop raw exchange bodies by age and size; calls, cards and flags stay. */
export function registerGc(program: Command): void {
  program
    .command('gc')
    .description('drop raw exchange bodies of old sessions (calls, cards, flags and reports stay); prints what the store holds')
    .option(...DB_OPTION)
    .option('--older-than <age>', 'drop raw bodies of sessions started longer ago than this (30d, 12h, 2w)')
    .option('--max-size <size>', 'then drop the oldest sessions\' raw bodies until they take at most this (500MB, 2GB)')
    .option('--dry-run', 'say what would be dropped, drop nothing')
    .option('--no-vacuum', 'do not give the freed space back to the file system (VACUUM) afterwards')
    .action((flags: GcFlags, cmd: Command) => {
      const olderThanMs = flags.olderThan === undefined ? null : parseAge(flags.olderThan);
      const maxRawBytes = flags.maxSize === undefined ? null : parseSize(flags.maxSize);
      const { db, path } = openProjectDb(cmd.optsWithGlobals<GlobalOptions>());
      try {
        if (olderThanMs !== null || maxRawBytes !== null) {
          const r = collectGarbage(db, { olderThanMs, maxRawBytes, dryRun: !!flags.dryRun });
          const verb = flags.dryRun ? 'would drop' : 'dropped';
          process.stderr.write(`clawtrace: ${verb} ${r.exchanges} raw exchanges (${formatBytes(r.rawBytes)}) of ${r.sessions} session(s); their calls, cards and flags stay\n`);
          if (!flags.dryRun && r.sessions > 0 && flags.vacuum) compactStore(db);
        }
        process.stdout.write(`${storeSizeLine(storeSize(db, path))}\n`);
      } finally {
        db.close();
      }
    });
}
