import type { Command } from 'commander';
import { projectDir } from '../../store/location.js';
import { listSessions } from '../../store/sessions-repo.js';
import { listSessionSummaries } from '../../store/summaries-repo.js';
import { renderSessionsTable, sessionRow } from '../../report/sessions-table.js';
import { outputWidth } from '../../report/table.js';
import { localTimeZone } from '../../report/time-zone.js';
import { summaryVersions } from '../../report/usage/versions.js';
import { DB_OPTION, openProjectDb, type GlobalOptions } from '../context.js';
import { collect, positiveInt, PRICES_OPTION, projectAliases, timeZone } from '../options.js';
import { refreshStale } from '../refresh-summaries.js';
import { FROM_OPTION, printTeamSessions } from '../team-from.js';
import { storeSize, storeSizeLine } from '../../store/retention.js';

interface SessionsFlags {
  json?: boolean;
  limit?: number;
  prices?: string;
  tz?: string;
  alias?: string[];
  from?: string;
}

export function registerSessions(program: Command): void {
  program
    .command('sessions')
    .option(...DB_OPTION)
    .description('list recorded and imported sessions, newest first: when, project, agent, model, first prompt, cost, waste')
    .option(...PRICES_OPTION)
    .option('--json', 'print JSON instead of a table')
    .option('-l, --limit <n>', 'show at most n sessions', positiveInt)
    .option('--tz <zone>', 'time zone for times (default: this machine\'s)', timeZone)
    .option('--alias <path=name>', 'a short name for a project path (repeatable; also projects.aliases in .clawtrace/config.yaml)', collect)
    .option(...FROM_OPTION)
    .action(async (flags: SessionsFlags, cmd: Command) => {
      if (flags.from !== undefined) return printTeamSessions(flags.from, flags);
      const dir = projectDir(process.cwd());
      const aliases = projectAliases(flags.alias);
      const versions = summaryVersions(flags.prices, dir);
      const { db, path } = openProjectDb(cmd.optsWithGlobals<GlobalOptions>());
      let rows;
      let size;
      try {
        // only sessions that changed since the last listing are compiled, and with --limit only those listed
        const only = flags.limit ? listSessions(db, { limit: flags.limit }).map((s) => s.id) : undefined;
        await refreshStale(db, { versions, prices: flags.prices, projectDir: dir, flags: true, ...(only ? { only } : {}) });
        rows = listSessionSummaries(db, versions, flags.limit ? { limit: flags.limit } : {}).map(sessionRow);
        size = storeSize(db, path);
      } finally {
        db.close();
      }
      if (flags.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else {
        process.stdout.write(renderSessionsTable(rows, { width: outputWidth(), tz: flags.tz ?? localTimeZone(), aliases }));
        // what the store holds is a note about the database, not a row of the list: stderr keeps piped output to the list
        process.stderr.write(`${storeSizeLine(size)}\n`);
      }
    });
}
