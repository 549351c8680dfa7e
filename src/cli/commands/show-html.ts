import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CompiledSession } from '../../compile/compile-session.js';
import { renderSessionHtml } from '../../report/html/render.js';
import { listCalls } from '../../store/calls-repo.js';
import type { Db } from '../../store/db.js';
import { projectDir } from '../../store/location.js';
import { UsageError, UserFacingError } from '../errors.js';

/** `clawtrace show <session> --html [-o FILE] [--no-open]`: the session as one self-contained HTML file. */
export const HTML_OPTION = ['--html', 'write the session as a self-contained HTML page (timeline, waterfall, costs, flags, conversation)'] as const;
export const HTML_OUTPUT_OPTION = ['-o, --output <file>', 'with --html: where to write it ("-" for stdout; default .clawtrace/html/<session>.html)'] as const;
export const NO_OPEN_OPTION = ['--no-open', 'with --html: do not open the page in a browser'] as const;

export interface ShowHtmlFlags {
  html?: boolean;
  json?: boolean;
  output?: string;
  /** false with --no-open */
  open?: boolean;
}

/** Mistakes in the flags, before anything is opened. */
export function checkShowHtmlFlags(flags: ShowHtmlFlags): void {
  if (flags.html && flags.json) throw new UsageError('--html and --json are two different outputs: pick one');
  if (!flags.html && flags.output !== undefined) throw new UsageError('-o goes with --html');
  if (!flags.html && flags.open === false) throw new UsageError('--no-open goes with --html');
}

/** The page, rendered while the database is still open (the conversation's text comes from the stored calls). */
export function sessionHtml(db: Db, compiled: CompiledSession): string {
  return renderSessionHtml({ ...compiled, calls: listCalls(db, compiled.session.id) });
}

/** How to open a file in the desktop's browser here, or null where there is no desktop (a server, CI, SSH). */
export function openCommand(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, file: string): { cmd: string; args: string[] } | null {
  if (env['CI']) return null;
  if (platform === 'darwin') return { cmd: 'open', args: [file] };
  if (platform === 'win32') return { cmd: 'explorer.exe', args: [file] };
  if (env['DISPLAY'] || env['WAYLAND_DISPLAY']) return { cmd: 'xdg-open', args: [file] };
  return null;
}

function defaultPath(sessionId: string): string {
  const dir = path.join(projectDir(process.cwd()), 'html');
  fs.mkdirSync(dir, { recursive: true });
  const ignore = path.join(dir, '.gitignore');
  // the pages hold prompts, outputs and tool results: keep them out of git like the database
  if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '# clawtrace: HTML views hold prompts and tool output\n*\n');
  return path.join(dir, `${sessionId.replace(/[^\w.-]/g, '_')}.html`);
}

/** Writes the page (or prints it with `-o -`), says where, and opens it when there is a desktop to open it on. */
export function writeSessionHtml(html: string, sessionId: string, flags: ShowHtmlFlags): void {
  if (flags.output === '-') {
    process.stdout.write(html);
    return;
  }
  const file = path.resolve(flags.output ?? defaultPath(sessionId));
  try {
    fs.writeFileSync(file, html);
  } catch (err) {
    throw new UserFacingError(`cannot write ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  process.stdout.write(`${file}\n`);
  if (flags.open === false) return;
  const opener = openCommand(process.platform, process.env, file);
  if (!opener) {
    process.stderr.write('clawtrace: no desktop here to open it on: open the file in a browser\n');
    return;
  }
  const child = spawn(opener.cmd, opener.args, { detached: true, stdio: 'ignore' });
  child.on('error', (err) => process.stderr.write(`clawtrace: could not open it with ${opener.cmd} (${err.message}): open the file in a browser\n`));
  child.unref();
}
