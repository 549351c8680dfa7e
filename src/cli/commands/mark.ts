import type { Command } from 'commander';
import { setOutcome } from '../../store/sessions-repo.js';
import { DB_OPTION, openProjectDb, type GlobalOptions } from '../context.js';
import { UsageError } from '../errors.js';
import { sessionFromSelector } from '../resolve.js';

export function registerMark(program: Command): void {
  program
    .command('mark')
    .description('set a session outcome by hand (what distill learns from)')
    .argument('<session>', 'session id, id prefix, label, or last')
    .argument('<outcome>', 'success or failure')
    .option(...DB_OPTION)
    .option('--note <text>', 'why (kept as the outcome evidence)')
    .action((selector: string, outcome: string, flags: { note?: string }, cmd: Command) => {
      if (outcome !== 'success' && outcome !== 'failure') throw new UsageError(`outcome must be success or failure, got '${outcome}'`);
      const { db } = openProjectDb(cmd.optsWithGlobals<GlobalOptions>());
      const s = sessionFromSelector(db, selector);
      setOutcome(db, s.id, { status: outcome, source: 'manual', evidence: flags.note ?? 'marked by hand' });
      db.close();
      process.stderr.write(`clawtrace: session ${s.id} marked ${outcome}\n`);
    });
}
