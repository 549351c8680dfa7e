import type { Command } from 'commander';
import { reparseSession } from '../../compile/reparse.js';
import { listSessions } from '../../store/sessions-repo.js';
import { DB_OPTION, openProjectDb, type GlobalOptions } from '../context.js';
import { sessionFromSelector } from '../resolve.js';

export function registerRecompile(program: Command): void {
  program
    .command('recompile')
    .description('re-parse stored raw exchanges with this version of the wire parsers (after a parser fix)')
    .argument('[session]', 'session id, prefix, label or last; all sessions when omitted')
    .option(...DB_OPTION)
    .action((selector: string | undefined, _flags: unknown, cmd: Command) => {
      const { db } = openProjectDb(cmd.optsWithGlobals<GlobalOptions>());
      const sessions = selector ? [sessionFromSelector(db, selector)] : listSessions(db);
      let calls = 0;
      for (const s of sessions) calls += reparseSession(db, s.id);
      db.close();
      process.stderr.write(`clawtrace: re-parsed ${calls} calls in ${sessions.length} session(s)\n`);
    });
}
