import type { Command } from 'commander';
import { pushToTeam } from '../../team/push.js';
import { DEFAULT_RAW_POLICY, type RawMode } from '../../team/sampling.js';
import { openTeamFrom } from '../../team/open.js';
import { whoAmI } from '../../team/who.js';
import { CLICKHOUSE_URL_ENV } from '../../team/url.js';
import { DB_OPTION, openProjectDb, type GlobalOptions } from '../context.js';
import { UsageError, UserFacingError } from '../errors.js';
import { PRICES_OPTION, priceTableFor } from '../pricing-option.js';
import { withTeamErrors } from '../team-errors.js';

interface PushFlags {
  to?: string;
  raw: string;
  rawMinWaste: string;
  all?: boolean;
  user?: string;
  json?: boolean;
  prices?: string;
}

const RAW_MODES: readonly RawMode[] = ['none', 'tail', 'all'];

/** `clawtrace push`: sessions, calls, steps, cards and flags into the team's ClickHouse, incrementally. */
export function registerPush(program: Command): void {
  program
    .command('push')
    .description('copy sessions, calls, steps, cards and flags into a ClickHouse team store (only what changed since the last push)')
    .option('--to <url>', `clickhouse://user:pass@host:8123/db (default: $${CLICKHOUSE_URL_ENV}); the password is never printed or stored`)
    .option(...DB_OPTION)
    .option(...PRICES_OPTION)
    .option('--raw <mode>', 'raw exchange bodies: tail (failed, stopped or wasteful sessions only), all or none', DEFAULT_RAW_POLICY.mode)
    .option('--raw-min-waste <usd>', 'with --raw tail: push bodies of sessions whose flags waste at least this', String(DEFAULT_RAW_POLICY.minWasteUsd))
    .option('--all', 'push every session again, not only those changed since the last push')
    .option('--user <name>', 'who to tag the rows with (default: $CLAWTRACE_USER or the login name)')
    .option('--json', 'print what was pushed as JSON')
    .action(async (flags: PushFlags, cmd: Command) => {
      if (!RAW_MODES.includes(flags.raw as RawMode)) throw new UsageError(`--raw takes tail, all or none, got '${flags.raw}'`);
      const minWaste = Number(flags.rawMinWaste);
      if (!Number.isFinite(minWaste) || minWaste < 0) throw new UsageError(`--raw-min-waste takes a dollar amount >= 0, got '${flags.rawMinWaste}'`);
      const table = priceTableFor(flags.prices);
      await withTeamErrors(async () => {
        const store = await openTeamFrom(flags.to, process.env, '--to');
        const { db } = openProjectDb(cmd.optsWithGlobals<GlobalOptions>());
        try {
          const r = await pushToTeam({
            db,
            store,
            table,
            who: whoAmI(process.env, flags.user),
            raw: { mode: flags.raw as RawMode, minWasteUsd: minWaste },
            all: !!flags.all,
          });
          if (flags.json) process.stdout.write(`${JSON.stringify({ to: store.target.display, ...r }, null, 2)}\n`);
          else {
            process.stderr.write(
              `clawtrace: pushed ${r.sessions} session(s) (${r.calls} calls, ${r.steps} steps, ${r.flags} flags, ${r.rawExchanges} raw exchanges) to ${store.target.display}; ${r.unchanged} unchanged\n`,
            );
          }
          for (const f of r.failed) process.stderr.write(`clawtrace: session ${f.sessionId} could not be compiled, not pushed: ${f.message}\n`);
          if (r.failed.length > 0) throw new UserFacingError(`${r.failed.length} session(s) not pushed`);
        } finally {
          db.close();
          await store.close();
        }
      });
    });
}
