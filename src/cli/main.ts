import { Command, CommanderError } from 'commander';
import { UsageError, UserFacingError } from './errors.js';
import type { RegisterCommand } from './commands/index.js';
import { DbError } from '../store/db.js';
import { clawtraceVersion } from '../util/version.js';

function baseProgram(): Command {
  return new Command()
    .name('clawtrace')
    .description('Record what coding agents spend, compile sessions into TraceCards, distill rules that cut waste.')
    .version(clawtraceVersion())
    .option('--db <path>', 'database file (default: .clawtrace/clawtrace.db at the git root; env CLAWTRACE_DB)')
    // commander's own usage errors, one line like ours: `clawtrace: <what> (--help for usage)`
    .configureOutput({ outputError: (str, write) => write(`clawtrace: ${str.trim().replace(/^error: /, '')} (--help for usage)\n`) })
    .enablePositionalOptions()
    .exitOverride();
}

/** The whole program, every command registered (help, completion, tests). */
export async function buildProgram(): Promise<Command> {
  const program = baseProgram();
  const { COMMANDS } = await import('./commands/index.js');
  for (const register of COMMANDS) register(program);
  return program;
}

/** The command named on the command line (skipping the global `--db PATH`), when there is one. */
export function commandNameOf(argv: readonly string[]): string | null {
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--db') {
      i++;
      continue;
    }
    if (a.startsWith('--db=')) continue;
    return /^[a-z][a-z-]*$/.test(a) ? a : null;
  }
  return null;
}

/**
 * Only the command that runs is loaded (commands/<name>.js exporting register<Name>): loading all of them costs
 * more than a report takes. Anything else (help, a mistyped command) gets the whole program.
 */
async function programFor(argv: readonly string[]): Promise<Command> {
  const name = commandNameOf(argv);
  // `clawtrace --version` needs no command at all
  if (name === null && argv.slice(2).some((a) => a === '--version' || a === '-V')) return baseProgram();
  if (name !== null && name !== 'index') {
    const exportName = `register${name.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase())}`;
    let mod: Record<string, unknown> | null = null;
    try {
      mod = (await import(`./commands/${name}.js`)) as Record<string, unknown>;
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && err.code === 'ERR_MODULE_NOT_FOUND' && err.message.includes(`commands/${name}.js`))) throw err;
    }
    const register = mod?.[exportName];
    if (typeof register === 'function') {
      const program = baseProgram();
      (register as RegisterCommand)(program);
      return program;
    }
  }
  return buildProgram();
}

/** Runs the CLI: usage errors print one line and exit 2; other known errors one line and exit 1. */
export async function main(argv: string[]): Promise<void> {
  try {
    const program = await programFor(argv);
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = exitCodeFor(err);
  }
}

function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    // help and version exit 0; commander already printed its own message for usage mistakes
    return err.exitCode === 0 ? 0 : 2;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`clawtrace: ${err.message}\n`);
    return 2;
  }
  if (err instanceof UserFacingError || err instanceof DbError) {
    process.stderr.write(`clawtrace: ${err.message}\n`);
    return 1;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  process.stderr.write(`clawtrace: internal error: ${e.message}\n`);
  if (process.env['CLAWTRACE_DEBUG']) process.stderr.write(`${e.stack ?? ''}\n`);
  return 1;
}

await main(process.argv);
