import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { compileSession } from '../../compile/compile-session.js';
import { cardJsonSchema, renderCardJson, renderCardYaml } from '../../compile/card/render.js';
import type { TraceCard } from '../../compile/card/schema.js';
import type { PriceTable } from '../../compile/pricing/rates.js';
import type { Db } from '../../store/db.js';
import { listSessions } from '../../store/sessions-repo.js';
import { DB_OPTION, openProjectDb, type GlobalOptions } from '../context.js';
import { UsageError, UserFacingError } from '../errors.js';
import { PRICES_OPTION, priceTableFor } from '../pricing-option.js';
import { sessionFromSelector } from '../resolve.js';

interface CardFlags {
  output?: string;
  format: 'yaml' | 'json';
  all?: boolean;
  outDir?: string;
  schema?: boolean;
  prices?: string;
}

/** Checks the flag combination before anything is opened: every mistake is one usage line. */
function checkFlags(flags: CardFlags): 'yaml' | 'json' {
  if (flags.all && !flags.outDir) throw new UsageError('--all needs --out-dir DIR');
  if (flags.outDir && !flags.all) throw new UsageError('--out-dir goes with --all (use -o FILE for one card)');
  if (flags.all && flags.output) throw new UsageError('--all writes one file per session into --out-dir; -o is for one card');
  if (flags.output) {
    const dir = path.dirname(path.resolve(flags.output));
    if (!fs.existsSync(dir)) throw new UsageError(`-o ${flags.output}: the folder ${dir} does not exist`);
    if (fs.existsSync(flags.output) && fs.statSync(flags.output).isDirectory()) throw new UsageError(`-o ${flags.output}: is a folder (name a file)`);
  }
  return flags.format;
}

/** Writes a file, turning what the file system refuses (permissions, a full disk) into one line naming the file. */
function writeFile(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : '';
    if (!code) throw err;
    throw new UserFacingError(`cannot write ${file}: ${code === 'EACCES' ? 'permission denied' : code}`);
  }
}

/** Compiles one session, turning a failure in its stored data into one line naming the session. */
function cardOf(db: Db, id: string, table: PriceTable): TraceCard {
  try {
    return compileSession(db, id, table).card;
  } catch (err) {
    throw new UserFacingError(`session ${id} could not be compiled: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** `--all`: one card per session; a session that fails is reported and skipped, the exit code says so. */
function writeAll(db: Db, table: PriceTable, outDir: string, format: 'yaml' | 'json'): void {
  const render = format === 'json' ? renderCardJson : renderCardYaml;
  try {
    fs.mkdirSync(outDir, { recursive: true });
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : '';
    if (!code) throw err;
    throw new UsageError(`--out-dir ${outDir}: cannot create the folder (${code})`);
  }
  let written = 0;
  let failed = 0;
  for (const s of listSessions(db)) {
    try {
      writeFile(path.join(outDir, `${s.id.replace(/[^\w.-]/g, '_')}.${format}`), render(cardOf(db, s.id, table)));
      written++;
    } catch (err) {
      if (!(err instanceof UserFacingError)) throw err;
      failed++;
      process.stderr.write(`clawtrace: ${err.message}\n`);
    }
  }
  process.stderr.write(`clawtrace: wrote ${written} cards to ${outDir}${failed ? `, ${failed} failed` : ''}\n`);
  if (failed) process.exitCode = 1;
}

/** `clawtrace card`: a session's TraceCard as YAML or JSON, all sessions' cards into a folder, or the schema. */
export function registerCard(program: Command): void {
  program
    .command('card')
    .description('compile a session into its TraceCard (deterministic YAML: per-step cost, tokens, redundancy flags)')
    .argument('[session]', 'session id, id prefix, label, or last', 'last')
    .option(...DB_OPTION)
    .option(...PRICES_OPTION)
    .option('-o, --output <file>', 'write the card to a file instead of stdout')
    .addOption(new Option('--format <format>', 'card format').choices(['yaml', 'json']).default('yaml'))
    .option('--all', 'one card per session (with --out-dir)')
    .option('--out-dir <dir>', 'folder for --all')
    .option('--schema', 'print the TraceCard JSON Schema and exit')
    .action((selector: string, flags: CardFlags, cmd: Command) => {
      if (flags.schema) {
        process.stdout.write(cardJsonSchema());
        return;
      }
      const format = checkFlags(flags);
      const table = priceTableFor(flags.prices);
      const { db } = openProjectDb(cmd.optsWithGlobals<GlobalOptions>());
      try {
        if (flags.all && flags.outDir) {
          writeAll(db, table, flags.outDir, format);
          return;
        }
        const session = sessionFromSelector(db, selector);
        const card = cardOf(db, session.id, table);
        const text = format === 'json' ? renderCardJson(card) : renderCardYaml(card);
        if (flags.output) writeFile(flags.output, text);
        else process.stdout.write(text);
      } finally {
        db.close();
      }
    });
}
