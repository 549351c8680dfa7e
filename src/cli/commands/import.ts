import fs from 'node:fs';
import type { Command } from 'commander';
import { FORMAT_NAMES, isFormatName } from '../../import/common/types.js';
import { runImport, type ImportSummary } from '../../import/run-import.js';
import { progressPrinter } from '../progress.js';
import { DB_OPTION, openProjectDb, type GlobalOptions } from '../context.js';
import { UsageError } from '../errors.js';

/** One human line per part of the summary: files, sessions, calls, skipped lines by reason. */
export function renderImportSummary(s: ImportSummary): string {
  const mb = (s.bytes / 1024 / 1024).toFixed(1);
  const formats = Object.entries(s.sessionsByFormat).map(([f, n]) => `${f} ${n}`).join(', ');
  const lines = [
    `files: ${s.files} found, ${s.readFiles} read (${mb} MB), ${s.unchangedFiles} unchanged since the last import${s.unknownFiles ? `, ${s.unknownFiles} not an agent log` : ''}`,
    `sessions: ${s.sessions} (${s.newSessions} new, ${s.updatedSessions} updated)${formats ? ` — ${formats}` : ''}${s.olderSessions ? `; ${s.olderSessions} older than --since left out` : ''}`,
    `LLM calls: ${s.calls}`,
  ];
  if (s.unknownPaths.length) {
    const shown = s.unknownPaths.slice(0, 10);
    lines.push(`not an agent log: ${shown.join(', ')}${s.unknownPaths.length > shown.length ? `, and ${s.unknownPaths.length - shown.length} more (--json lists all)` : ''}`);
  }
  const skipped = Object.entries(s.skipped);
  if (skipped.length) lines.push(`skipped: ${skipped.map(([why, n]) => `${n} ${why}`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import the logs agents already write (Claude Code, Codex, OpenClaw, Gemini CLI) as ordinary sessions')
    .argument('[paths...]', 'files or folders (default: each agent\'s own folders: ~/.claude/projects, ~/.codex/sessions, ~/.openclaw/agents/*/sessions, ~/.gemini/tmp)')
    .option(...DB_OPTION)
    .option('--from <format>', `only this format: ${FORMAT_NAMES.join(', ')} (default: detected per file)`)
    .option('--since <date>', 'only sessions active since this date (e.g. 2026-11-01)')
    .option('--json', 'print the summary as JSON')
    .action(async (paths: string[], flags: { from?: string; since?: string; json?: boolean }, cmd: Command) => {
      if (flags.from !== undefined && !isFormatName(flags.from)) {
        throw new UsageError(`--from takes ${FORMAT_NAMES.join(', ')}; got '${flags.from}'`);
      }
      const since = flags.since ? Date.parse(flags.since) : null;
      if (since !== null && Number.isNaN(since)) throw new UsageError(`--since takes a date like 2026-11-01; got '${flags.since}'`);
      const missing = paths.find((p) => !fs.existsSync(p));
      if (missing !== undefined) throw new UsageError(`no such file or folder: ${missing}`);
      const { db } = openProjectDb(cmd.optsWithGlobals<GlobalOptions>());
      const tty = process.stderr.isTTY === true;
      let summary: ImportSummary;
      try {
        summary = await runImport(db, {
          paths,
          ...(flags.from !== undefined && isFormatName(flags.from) ? { from: flags.from } : {}),
          since,
          env: process.env,
          ...(tty ? { onProgress: progressPrinter() } : {}),
        });
      } finally {
        db.close();
        if (tty) process.stderr.write('\r\x1b[2K');
      }
      process.stdout.write(flags.json ? `${JSON.stringify(summary, null, 2)}\n` : renderImportSummary(summary));
    });
}
