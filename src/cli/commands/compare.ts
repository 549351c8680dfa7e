import type { Command } from 'commander';
import { compileSession } from '../../compile/compile-session.js';
import { selectSessions, parseSince } from '../../distill/select.js';
import { compareGroups, renderCompare } from '../../report/compare-view.js';
import type { Db } from '../../store/db.js';
import { DB_OPTION, openProjectDb, type GlobalOptions } from '../context.js';
import { UsageError } from '../errors.js';
import { PRICES_OPTION, priceTableFor } from '../pricing-option.js';
import type { PriceTable } from '../../compile/pricing/rates.js';
import { FROM_OPTION, teamCards } from '../team-from.js';
import { cardGroup } from '../../team/selectors.js';

/** A group selector: `label`, `k=v`, `id1,id2`, `since:DATE` or `until:DATE`. */
function group(db: Db, selector: string, table: PriceTable) {
  let sessions;
  if (selector.startsWith('since:') || selector.startsWith('until:')) {
    const t = parseSince(selector.slice(6));
    if (t === null || Number.isNaN(t)) throw new UsageError(`bad date in '${selector}'`);
    sessions = selectSessions(db, [], null).filter((s) => (selector.startsWith('since:') ? s.startedAt >= t : s.startedAt < t));
  } else sessions = selectSessions(db, selector.split(','), null);
  if (sessions.length === 0) throw new UsageError(`no sessions match '${selector}'`);
  return sessions.map((s) => compileSession(db, s.id, table).card);
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('compare two groups of sessions (before/after a rule change): cost spread and the change of medians with its interval, tokens, tool uses, time, success')
    .argument('<before>', 'label, tag k=v, ids a,b,c, since:DATE or until:DATE')
    .argument('<after>', 'same forms')
    .option(...DB_OPTION)
    .option(...PRICES_OPTION)
    .option('--json', 'print JSON')
    .option(...FROM_OPTION)
    .action(async (before: string, after: string, flags: { json?: boolean; prices?: string; from?: string }, cmd: Command) => {
      if (flags.from !== undefined) {
        const all = await teamCards(flags.from, [], null);
        const cardsOf = (sel: string) => {
          const g = cardGroup(all, sel);
          if (g === null) throw new UsageError(`bad date in '${sel}'`);
          if (g.length === 0) throw new UsageError(`no sessions in the team store match '${sel}'`);
          return g;
        };
        const c = compareGroups(cardsOf(before), cardsOf(after));
        process.stdout.write(flags.json ? `${JSON.stringify(c, null, 2)}\n` : renderCompare(c));
        return;
      }
      const { db } = openProjectDb(cmd.optsWithGlobals<GlobalOptions>());
      const table = priceTableFor(flags.prices);
      const c = compareGroups(group(db, before, table), group(db, after, table));
      db.close();
      process.stdout.write(flags.json ? `${JSON.stringify(c, null, 2)}\n` : renderCompare(c));
    });
}
