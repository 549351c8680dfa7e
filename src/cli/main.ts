import { Command, CommanderError } from 'commander';
import { UsageError, UserFacingError } from './errors.js';
import { COMMANDS } from './commands/index.js';
import { DbError } from '../store/db.js';

export function buildProgram(): Command {
  const program = new Command()
    .name('clawtrace')
    .description('Record what coding agents spend, compile sessions into TraceCards, distill rules that cut waste.')
    .version(process.env['npm_package_version'] ?? '0.1.0')
    .option('--db <path>', 'database file (default: .clawtrace/clawtrace.db at the git root; env CLAWTRACE_DB)')
    .showHelpAfterError('(run with --help for usage)')
    .enablePositionalOptions()
    .exitOverride();
  for (const register of COMMANDS) register(program);
  return program;
}

/** Runs the CLI: usage errors print one line and exit 2; other known errors one line and exit 1. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
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
