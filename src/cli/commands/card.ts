import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { compileSession } from '../../compile/compile-session.js';
import { cardJsonSchema, renderCardJson, renderCardYaml } from '../../compile/card/render.js';
import { listSessions } from '../../store/sessions-repo.js';
import { DB_OPTION, openProjectDb, type GlobalOptions } from '../context.js';
import { UsageError } from '../errors.js';
import { PRICES_OPTION, priceTableFor } from '../pricing-option.js';
import { sessionFromSelector } from '../resolve.js';

interface CardFlags {
  output?: string;
  format: string;
  all?: boolean;
  outDir?: string;
  schema?: boolean;
  prices?: string;
}

export function registerCard(program: Command): void {
  program
    .command('card')
    .description('compile a session into its TraceCard (deterministic YAML: per-step cost, tokens, redundancy flags)')
    .argument('[session]', 'session id, id prefix, label, or last', 'last')
    .option(...DB_OPTION)
    .option(...PRICES_OPTION)
    .option('-o, --output <file>', 'write the card to a file instead of stdout')
    .option('--format <format>', 'yaml or json', 'yaml')
    .option('--all', 'one card per session (with --out-dir)')
    .option('--out-dir <dir>', 'folder for --all')
    .option('--schema', 'print the TraceCard JSON Schema and exit')
    .action((selector: string, flags: CardFlags, cmd: Command) => {
      if (flags.schema) {
        process.stdout.write(cardJsonSchema());
        return;
      }
      if (flags.format !== 'yaml' && flags.format !== 'json') throw new UsageError(`--format takes yaml or json, got '${flags.format}'`);
      if (flags.all && !flags.outDir) throw new UsageError('--all needs --out-dir DIR');
      const render = flags.format === 'json' ? renderCardJson : renderCardYaml;
      const table = priceTableFor(flags.prices);
      const { db } = openProjectDb(cmd.optsWithGlobals<GlobalOptions>());
      try {
        if (flags.all && flags.outDir) {
          fs.mkdirSync(flags.outDir, { recursive: true });
          const sessions = listSessions(db);
          for (const s of sessions) {
            const file = path.join(flags.outDir, `${s.id}.${flags.format}`);
            fs.writeFileSync(file, render(compileSession(db, s.id, table).card));
          }
          process.stderr.write(`clawtrace: wrote ${sessions.length} cards to ${flags.outDir}\n`);
          return;
        }
        const session = sessionFromSelector(db, selector);
        const text = render(compileSession(db, session.id, table).card);
        if (flags.output) fs.writeFileSync(flags.output, text);
        else process.stdout.write(text);
      } finally {
        db.close();
      }
    });
}
