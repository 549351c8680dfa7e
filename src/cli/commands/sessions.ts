import type { Command } from 'commander';
import { DB_OPTION, openProjectDb, type GlobalOptions } from '../context.js';
import { listSessions } from '../../store/sessions-repo.js';
import { sessionRows, renderSessionsTable } from '../../report/sessions-table.js';
import { PRICES_OPTION, priceTableFor } from '../pricing-option.js';
import { FROM_OPTION, printTeamSessions } from '../team-from.js';
import { storeSize, storeSizeLine } from '../../store/retention.js';

export function registerSessions(program: Command): void {
  program
    .command('sessions')
    .option(...DB_OPTION)
    .description('list recorded and imported sessions, newest first')
    .option(...PRICES_OPTION)
    .option('--json', 'print JSON instead of a table')
    .option('-l, --limit <n>', 'show at most n sessions', (v) => Number.parseInt(v, 10))
    .option(...FROM_OPTION)
    .action(async (flags: { json?: boolean; limit?: number; prices?: string; from?: string }, cmd: Command) => {
      if (flags.from !== undefined) return printTeamSessions(flags.from, flags);
      const { db, path } = openProjectDb(cmd.optsWithGlobals<GlobalOptions>());
      const rows = sessionRows(db, listSessions(db, flags.limit ? { limit: flags.limit } : {}), priceTableFor(flags.prices));
      const size = storeSize(db, path);
      db.close();
      if (flags.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else process.stdout.write(`${renderSessionsTable(rows)}${storeSizeLine(size)}\n`);
    });
}
