import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { compileSession } from '../../compile/compile-session.js';
import { TraceCardSchema, type TraceCard } from '../../compile/card/schema.js';
import { renderCoverage, renderDropped, renderRulesMarkdown, renderSettings } from '../../distill/render-rules.js';
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
  explain?: boolean;
  dryRun?: boolean;
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
    .option('--no-prune', 'no prune rules (stop doing expensive things that did not matter)')
    .option('--no-repair', 'no repair rules (fix recurring failures, from what the failures said)')
    .option('--preserve', 'also preserve rules: keep behaviours of successful sessions (scoped; off unless asked for)')
    .option('--min-support <n>', 'successful sessions a prune pattern needs before it becomes a rule', '2')
    .option('--since <date>', 'only sessions started after this date')
    .option('--cards <dir>', 'read TraceCard files from a folder instead of the database')
    .option(...FROM_OPTION)
    .option('--target <file>', 'instructions file to patch (default: every one of AGENTS.md, CLAUDE.md and copilot instructions present; SKILL.md fills its sections)')
    .option('--apply', 'write the patch and .clawtrace/rules.yaml instead of printing a diff')
    .option('--format <format>', 'print the rules instead of a diff: md, yaml or json')
    .option('--json', 'same as --format json')
    .option('--explain', 'also say, for every candidate that was not emitted, why')
    .option('--dry-run', 'print the rules, the settings advice and the dropped candidates; write nothing')
    .action(async (selectors: string[], flags: DistillFlags, cmd: Command) => {
      const minSupport = Number(flags.minSupport);
      if (!Number.isInteger(minSupport) || minSupport < 1) throw new UsageError(`--min-support takes a whole number >= 1, got '${flags.minSupport}'`);
      const since = parseSince(flags.since);
      if (since !== null && Number.isNaN(since)) throw new UsageError(`--since takes a date (e.g. 2026-11-01), got '${flags.since}'`);
      const format = flags.json ? 'json' : flags.format;
      if (format && !['md', 'yaml', 'json'].includes(format)) throw new UsageError(`--format takes md, yaml or json, got '${format}'`);
      // prune and repair rules unless switched off; --preserve adds its own, never removes the others
      const options = { prune: flags.prune !== false, repair: flags.repair !== false, preserve: !!flags.preserve, minSupport };
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
      const r = plan.result;
      if (format === 'json') {
        const out = { rules: r.rules, settings: r.settings, dropped: r.dropped, spend_usd: r.spendUsd, flagged_usd: r.flaggedUsd, covered_usd: r.coveredUsd };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } else if (format === 'yaml') process.stdout.write(plan.rulesText);
      else if (format === 'md' || flags.dryRun) {
        process.stdout.write(`${renderRulesMarkdown(r.rules)}${renderSettings(r.settings)}\n${renderCoverage(r)}`);
        if (flags.dryRun || flags.explain) process.stdout.write(`\nNot emitted:\n${renderDropped(r.dropped, r.rules.length)}`);
      } else if (flags.apply) {
        applyPatch(plan);
        for (const p of plan.patches) process.stderr.write(`clawtrace: ${r.rules.length} rule(s) written to ${p.relPath}${p.before === p.after ? ' (unchanged)' : ''}\n`);
        process.stderr.write(`clawtrace: evidence and settings advice in ${path.relative(process.cwd(), plan.rulesFile)}\n${renderSettings(r.settings)}`);
      } else {
        for (const p of plan.patches) {
          process.stdout.write(p.diff);
          if (!p.diff) process.stderr.write(`clawtrace: ${p.relPath} already holds these rules\n`);
        }
        process.stderr.write(`${renderSettings(r.settings)}${renderCoverage(r)}`);
        if (flags.explain) process.stderr.write(`Not emitted:\n${renderDropped(r.dropped, r.rules.length)}`);
      }
      if (r.nothing) process.stderr.write(`clawtrace: no rule for the instructions files: ${r.nothing}\n`);
    });
}
