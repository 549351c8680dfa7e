import type { Command } from 'commander';
import { DB_OPTION, openProjectDb, type GlobalOptions } from '../context.js';
import { closeAbandonedSession, getSession, recorderOwner } from '../../store/sessions-repo.js';
import { isAlive } from '../../capture/owner.js';
import { sessionFromSelector } from '../resolve.js';
import { callUsd } from '../../compile/call-pricer.js';
import { PRICES_OPTION, priceTableFor } from '../pricing-option.js';
import { WatchView } from '../../report/watch-view.js';
import type { Db } from '../../store/db.js';
import { NormalizedCallSchema } from '../../domain/llm-call.js';

interface Row {
  id: number;
  started_at: number;
  ended_at: number | null;
  call_json: string;
}

function newCalls(db: Db, sessionId: string, afterId: number): Row[] {
  return db
    .prepare(`SELECT id, started_at, ended_at, call_json FROM llm_calls WHERE session_id = ? AND id > ? ORDER BY id`)
    .all(sessionId, afterId) as Row[];
}

export function registerWatch(program: Command): void {
  program
    .command('watch')
    .option(...DB_OPTION)
    .description('follow a session another process is recording: new steps as they land, with running cost')
    .argument('[session]', 'session id, id prefix, label, or last', 'last')
    .option('--interval <ms>', 'how often to look for new calls', (v) => Number.parseInt(v, 10), 500)
    .option(...PRICES_OPTION)
    .action(async (selector: string, flags: { interval: number; prices?: string }, cmd: Command) => {
      const { db } = openProjectDb(cmd.optsWithGlobals<GlobalOptions>());
      const session = sessionFromSelector(db, selector);
      const table = priceTableFor(flags.prices);
      const view = new WatchView(session, (call) => callUsd(call, table));
      let lastId = 0;
      let stop = false;
      process.once('SIGINT', () => (stop = true));
      for (;;) {
        for (const row of newCalls(db, session.id, lastId)) {
          lastId = row.id;
          const parsed = NormalizedCallSchema.safeParse(JSON.parse(row.call_json));
          if (parsed.success) view.printCall(parsed.data, row.started_at, row.ended_at);
        }
        let now = getSession(db, session.id);
        const owner = now && now.endedAt === null ? recorderOwner(db, session.id) : null;
        if (owner && !isAlive(owner)) {
          // its recorder died (a crash, SIGKILL): the session will never be closed by it
          closeAbandonedSession(db, session.id, `recorder exited without closing the session (pid ${owner.pid})`);
          now = getSession(db, session.id);
        }
        if (stop || (now && now.endedAt !== null)) {
          view.printEnd(now);
          break;
        }
        await new Promise((r) => setTimeout(r, Math.max(100, flags.interval)));
      }
      db.close();
    });
}
