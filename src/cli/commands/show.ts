import type { Command } from 'commander';
import { compileSession } from '../../compile/compile-session.js';
import { listCalls } from '../../store/calls-repo.js';
import { renderFlagsList, sortFlagsByDollars } from '../../report/flags-list.js';
import { renderShowTree } from '../../report/show-tree.js';
import { outputWidth } from '../../report/table.js';
import { localTimeZone } from '../../report/time-zone.js';
import { totalsLine } from '../../report/totals-line.js';
import { DB_OPTION, openProjectDb, type GlobalOptions } from '../context.js';
import { timeZone } from '../options.js';
import { PRICES_OPTION, priceTableFor } from '../pricing-option.js';
import { sessionFromSelector } from '../resolve.js';
import { maskArgv, maskSecrets } from '../../util/secrets.js';
import { checkShowHtmlFlags, HTML_OPTION, HTML_OUTPUT_OPTION, NO_OPEN_OPTION, sessionHtml, writeSessionHtml, type ShowHtmlFlags } from './show-html.js';

interface ShowFlags extends ShowHtmlFlags {
  json?: boolean;
  flags?: boolean;
  prices?: string;
  tz?: string;
}

export function registerShow(program: Command): void {
  program
    .command('show')
    .description('the session as a tree: agents, their LLM calls and tool uses, sub-agents, flagged steps, with tokens, cost and time')
    .argument('[session]', 'session id, id prefix, label, or last', 'last')
    .option(...DB_OPTION)
    .option(...PRICES_OPTION)
    .option('--flags', 'list the session\'s flags by the dollars they say were wasted')
    .option('--tz <zone>', 'time zone for times (default: this machine\'s)', timeZone)
    .option('--json', 'print the structure and costs as JSON (with --flags: the flags)')
    .option(...HTML_OPTION)
    .option(...HTML_OUTPUT_OPTION)
    .option(...NO_OPEN_OPTION)
    .action((selector: string, flags: ShowFlags, cmd: Command) => {
      checkShowHtmlFlags(flags);
      const { db } = openProjectDb(cmd.optsWithGlobals<GlobalOptions>());
      let compiled;
      let calls;
      let html: string | null = null;
      try {
        const session = sessionFromSelector(db, selector);
        compiled = compileSession(db, session.id, priceTableFor(flags.prices));
        calls = flags.flags || flags.json || flags.html ? [] : listCalls(db, session.id);
        if (flags.html) html = sessionHtml(db, compiled);
      } finally {
        db.close();
      }
      const { session: s, structure, costs, card } = compiled;
      if (html !== null) return writeSessionHtml(html, s.id, flags);
      if (flags.flags) {
        const sorted = sortFlagsByDollars(card.flags);
        process.stdout.write(flags.json ? `${JSON.stringify(sorted, null, 2)}\n` : renderFlagsList(sorted, outputWidth()));
        return;
      }
      if (flags.json) {
        // command lines and tool arguments leave the process masked, as everywhere
        const session = { ...s, command: maskArgv(s.command) };
        const steps = structure.steps.map((x) =>
          x.kind === 'tool'
            ? { ...x, args: maskSecrets(x.args), action: { ...x.action, target: maskSecrets(x.action.target) }, resultPreview: x.resultPreview === null ? null : maskSecrets(x.resultPreview) }
            : x,
        );
        process.stdout.write(`${JSON.stringify({ session, totals: card.totals, agents: structure.agents, steps, costs, flags: card.flags }, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        renderShowTree({ session: s, structure, costs, calls, flags: card.flags, totalsLine: totalsLine(card), tz: flags.tz ?? localTimeZone(), width: outputWidth() }),
      );
    });
}
