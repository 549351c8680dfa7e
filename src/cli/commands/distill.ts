import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { compileSession } from '../../compile/compile-session.js';
import { TraceCardSchema, type TraceCard } from '../../compile/card/schema.js';
import { renderRulesMarkdown } from '../../distill/render-rules.js';
import { applyPatch, planPatch } from '../../distill/run-distill.js';
import { parseSince, selectSessions } from '../../distill/select.js';
import { DB_OPTION, openProjectDb, type GlobalOptions } from '../context.js';
import { UsageError } from '../errors.js';
import { PRICES_OPTION, priceTableFor } from '../pricing-option.js';
import { FROM_OPTION, teamCards } from '../team-from.js';

interface DistillFlags {
  prune?: boolean;
  preserve?: boolean;
  repair?: boolean;
  minSupport: string;
  since?: string;
  json?: boolean;
  format?: string;
  apply?: boolean;
  target?: string;
  cards?: string;
  prices?: string;
  from?: string;
}

/** Cards from a folder of YAML/JSON card files; a corrupt file is one usage error naming it. */
function cardsFromDir(dir: string): TraceCard[] {
  if (!fs.existsSync(dir)) throw new UsageError(`--cards: no such folder ${dir}`);
  return fs
    .readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => {
      const file = path.join(dir, f);
      let data: unknown;
      try {
        data = parseYaml(fs.readFileSync(file, 'utf8'));
      } catch (err) {
        throw new UsageError(`${file}: not valid YAML/JSON: ${err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)}`);
      }
      const r = TraceCardSchema.safeParse(data);
      if (!r.success) throw new UsageError(`${file}: not a TraceCard: ${r.error.issues[0]?.path.join('.') ?? ''} ${r.error.issues[0]?.message ?? ''}`);
      return r.data;
    });
}

export function registerDistill(program: Command): void {
  program
    .command('distill')
    .description('turn TraceCards into rules (prune / repair / preserve) and a patch for AGENTS.md or CLAUDE.md')
    .argument('[selectors...]', 'session ids, labels or tags k=v (default: all sessions)')
    .option(...DB_OPTION)
    .option(...PRICES_OPTION)
    .option('--prune', 'prune rules: stop doing expensive things that did not matter')
    .option('--repair', 'repair rules: fix recurring failures')
    .option('--preserve', 'preserve rules: keep behaviours of successful sessions (scoped; off unless asked for)')
    .option('--min-support <n>', 'sessions a pattern needs before it becomes a rule', '2')
    .option('--since <date>', 'only sessions started after this date')
    .option('--cards <dir>', 'read TraceCard files from a folder instead of the database')
    .option(...FROM_OPTION)
    .option('--target <file>', 'instructions file to patch (default: AGENTS.md, CLAUDE.md or copilot instructions at the repo root)')
    .option('--apply', 'write the patch and .clawtrace/rules.yaml instead of printing a diff')
    .option('--format <format>', 'print the rules instead of a diff: md, yaml or json')
    .option('--json', 'same as --format json')
    .action(async (selectors: string[], flags: DistillFlags, cmd: Command) => {
      const minSupport = Number(flags.minSupport);
      if (!Number.isInteger(minSupport) || minSupport < 1) throw new UsageError(`--min-support takes a whole number >= 1, got '${flags.minSupport}'`);
      const since = parseSince(flags.since);
      if (since !== null && Number.isNaN(since)) throw new UsageError(`--since takes a date (e.g. 2026-11-01), got '${flags.since}'`);
      const format = flags.json ? 'json' : flags.format;
      if (format && !['md', 'yaml', 'json'].includes(format)) throw new UsageError(`--format takes md, yaml or json, got '${format}'`);
      const none = !flags.prune && !flags.repair && !flags.preserve;
      const options = { prune: none || !!flags.prune, repair: none || !!flags.repair, preserve: !!flags.preserve, minSupport };
      let cards: TraceCard[];
      if (flags.cards) cards = cardsFromDir(flags.cards);
      else if (flags.from !== undefined) cards = await teamCards(flags.from, selectors, since);
      else {
        const { db } = openProjectDb(cmd.optsWithGlobals<GlobalOptions>());
        const table = priceTableFor(flags.prices);
        cards = selectSessions(db, selectors, since).map((s) => compileSession(db, s.id, table).card);
        db.close();
      }
      if (cards.length === 0) throw new UsageError('no sessions match: record some first, or check the selectors');
      const plan = planPatch(cards, options, process.cwd(), flags.target);
      if (format === 'json') process.stdout.write(`${JSON.stringify({ rules: plan.result.rules, rejected: plan.result.rejected }, null, 2)}\n`);
      else if (format === 'yaml') process.stdout.write(plan.rulesText);
      else if (format === 'md') process.stdout.write(renderRulesMarkdown(plan.result.rules));
      else if (flags.apply) {
        applyPatch(plan);
        process.stderr.write(`clawtrace: ${plan.result.rules.length} rule(s) written to ${plan.relPath}${plan.before === plan.after ? ' (unchanged)' : ''}; evidence in ${path.relative(process.cwd(), plan.rulesFile)}\n`);
      } else {
        process.stdout.write(plan.diff);
        if (!plan.diff) process.stderr.write(`clawtrace: ${plan.relPath} already holds these rules\n`);
      }
    });
}
