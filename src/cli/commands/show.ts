import type { Command } from 'commander';
import { compileSession } from '../../compile/compile-session.js';
import { DB_OPTION, openProjectDb, type GlobalOptions } from '../context.js';
import { PRICES_OPTION, priceTableFor } from '../pricing-option.js';
import { sessionFromSelector } from '../resolve.js';
import { renderShowTree } from '../../report/show-tree.js';
import { totalsLine } from '../../report/totals-line.js';
import { maskArgv, maskSecrets } from '../../util/secrets.js';
import { checkShowHtmlFlags, HTML_OPTION, HTML_OUTPUT_OPTION, NO_OPEN_OPTION, sessionHtml, writeSessionHtml, type ShowHtmlFlags } from './show-html.js';

export function registerShow(program: Command): void {
  program
    .command('show')
    .description('the session as a tree: agents, their LLM calls and tool uses, sub-agents, with tokens, cost and time')
    .argument('[session]', 'session id, id prefix, label, or last', 'last')
    .option(...DB_OPTION)
    .option(...PRICES_OPTION)
    .option('--json', 'print the structure and costs as JSON')
    .option(...HTML_OPTION).option(...HTML_OUTPUT_OPTION).option(...NO_OPEN_OPTION)
    .action((selector: string, flags: { json?: boolean; prices?: string } & ShowHtmlFlags, cmd: Command) => {
      checkShowHtmlFlags(flags);
      const { db } = openProjectDb(cmd.optsWithGlobals<GlobalOptions>());
      const session = sessionFromSelector(db, selector);
      const compiled = compileSession(db, session.id, priceTableFor(flags.prices));
      const html = flags.html ? sessionHtml(db, compiled) : null;
      db.close();
      if (html !== null) return writeSessionHtml(html, session.id, flags);
      if (flags.json) {
        const { session: s, structure, costs, card } = compiled;
        // command lines and tool arguments leave the process masked, as everywhere
        const session = { ...s, command: maskArgv(s.command) };
        const steps = structure.steps.map((x) => (x.kind === 'tool' ? { ...x, args: maskSecrets(x.args), action: { ...x.action, target: maskSecrets(x.action.target) }, resultPreview: x.resultPreview === null ? null : maskSecrets(x.resultPreview) } : x));
        process.stdout.write(`${JSON.stringify({ session, totals: card.totals, agents: structure.agents, steps, costs }, null, 2)}\n`);
        return;
      }
      process.stdout.write(renderShowTree({ ...compiled, totalsLine: totalsLine(compiled.card) }));
    });
}
