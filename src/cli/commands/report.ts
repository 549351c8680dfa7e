import os from 'node:os';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { UsageReportKindSchema, type UsageQuery, type UsageReport, type UsageReportKind } from '../../domain/usage-report.js';
import type { Db } from '../../store/db.js';
import type { SummaryVersions } from '../../store/summaries-repo.js';
import { projectDir } from '../../store/location.js';
import { outputWidth } from '../../report/table.js';
import { addDays, localDate, localTimeZone } from '../../report/time-zone.js';
import { buildUsageReport, FilterMatchesNothing } from '../../report/usage/build-report.js';
import { logsChangedSinceImport } from '../../report/usage/import-check.js';
import { projectLabels } from '../../report/usage/projects.js';
import { renderUsageReport } from '../../report/usage/render-report.js';
import { summaryVersions } from '../../report/usage/versions.js';
import { DB_OPTION, openProjectDb, type GlobalOptions } from '../context.js';
import { UsageError } from '../errors.js';
import { collect, dateSpec, PRICES_OPTION, projectAliases, timeZone, type DateSpec } from '../options.js';
import { progressPrinter } from '../progress.js';
import { refreshStale } from '../refresh-summaries.js';
import { FROM_OPTION, teamUsageReport } from '../team-from.js';

interface ReportFlags {
  since?: DateSpec;
  until?: DateSpec;
  project?: string;
  agent?: string;
  model?: string;
  breakdown?: boolean;
  json?: boolean;
  tz?: string;
  weekStart: 'monday' | 'sunday';
  alias?: string[];
  import: boolean;
  prices?: string;
  from?: string;
}

const KINDS = UsageReportKindSchema.options;

/** daily | weekly | ... (and ccusage's singular `session`, `project`, `model`, `agent`). */
function reportKind(value: string): UsageReportKind {
  const v = value.toLowerCase();
  const kind = KINDS.find((k) => k === v || k === `${v}s`);
  if (!kind) throw new InvalidArgumentError(`expected one of ${KINDS.join(', ')}`);
  return kind;
}

function resolveDate(spec: DateSpec | undefined, tz: string): string | null {
  if (!spec) return null;
  return 'date' in spec ? spec.date : addDays(localDate(tz, Date.now()), -spec.daysBack);
}

/**
 * `report` works without an import step: new lines of the agents' own logs are imported first (incremental), and the
 * sessions they touch are compiled on a spare core while the import goes on.
 */
async function importNew(db: Db, o: { versions: SummaryVersions; prices: string | undefined; projectDir: string }): Promise<void> {
  if (!logsChangedSinceImport(db, process.env, os.homedir())) return;
  const { runImport } = await import('../../import/run-import.js');
  const { compileAlongside } = await import('../../report/usage/refresh.js');
  const { priceTableFor } = await import('../pricing-option.js');
  const alongside = compileAlongside(db, {
    versions: o.versions,
    table: () => priceTableFor(o.prices),
    priceSource: { pricesFile: o.prices ?? null, projectDir: o.projectDir },
    flags: false,
  });
  const tty = process.stderr.isTTY === true;
  const printer = tty ? progressPrinter() : null;
  try {
    const s = await runImport(db, {
      paths: [],
      env: process.env,
      since: null,
      onProgress: (p) => {
        printer?.(p);
        alongside?.poke();
      },
    });
    await alongside?.finish();
    if (tty) process.stderr.write('\r\x1b[2K');
    if (s.readFiles > 0 && tty) {
      process.stderr.write(`clawtrace: imported ${s.newSessions} new and ${s.updatedSessions} updated session(s) from agent logs (--no-import skips this)\n`);
    }
  } finally {
    if (tty) process.stderr.write('\r\x1b[2K');
  }
}

function filterError(err: FilterMatchesNothing, aliases: ReadonlyMap<string, string>): UsageError {
  const known = err.option === 'project' ? [...projectLabels(err.known, aliases).values()] : err.known;
  const list = known.length ? `${err.option}s: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''}` : 'no usage stored yet';
  return new UsageError(`${err.message} (${list})`);
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('usage by day, week, month, session, project, model or agent: cost, tokens, calls, cache hits (imports new agent logs first)')
    .argument('[kind]', `${KINDS.join(' | ')}`, reportKind, 'daily')
    .option(...DB_OPTION)
    .option(...PRICES_OPTION)
    .option('--since <date>', 'from this local date on (2026-11-01, 20261101, today, yesterday, 7d = the last seven days)', dateSpec)
    .option('--until <date>', 'up to this local date, included', dateSpec)
    .option('--project <name>', 'only this project (its path, alias or folder name; . = the repository you are in)')
    .option('--agent <name>', 'only this agent (claude-code, codex, openclaw, gemini-cli, ...)')
    .option('--model <text>', 'only models whose name contains this')
    .option('--breakdown', 'the same figures per model under each row')
    .option('--tz <zone>', 'time zone for dates (default: this machine\'s)', timeZone)
    .addOption(new Option('--week-start <day>', 'first day of a week').choices(['monday', 'sunday']).default('monday'))
    .option('--alias <path=name>', 'a short name for a project path (repeatable; also projects.aliases in .clawtrace/config.yaml)', collect)
    .option('--no-import', 'report on what is stored; do not read new agent log lines first')
    .option('--json', 'print the report as JSON')
    .option(...FROM_OPTION)
    // ccusage's flag, accepted so its command lines work as they are: prices here are always the bundled ones
    .addOption(new Option('--offline', 'prices from the bundled data (always)').hideHelp())
    .action(async (kind: UsageReportKind, flags: ReportFlags, cmd: Command) => {
      const tz = flags.tz ?? localTimeZone();
      const query: UsageQuery = {
        kind,
        tz,
        since: resolveDate(flags.since, tz),
        until: resolveDate(flags.until, tz),
        filters: { project: flags.project ?? null, agent: flags.agent ?? null, model: flags.model ?? null },
        breakdown: flags.breakdown === true,
        weekStart: flags.weekStart,
      };
      if (query.since && query.until && query.since > query.until) throw new UsageError(`--since ${query.since} is after --until ${query.until}`);
      const dir = projectDir(process.cwd());
      const aliases = projectAliases(flags.alias);
      const print = (report: UsageReport): void => {
        process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderUsageReport(report, outputWidth()));
      };
      if (flags.from !== undefined) {
        // the whole team's report, aggregated by the team store: same query, same report
        try {
          print(await teamUsageReport(flags.from, query, aliases));
        } catch (err) {
          if (err instanceof FilterMatchesNothing) throw filterError(err, aliases);
          throw err;
        }
        return;
      }
      const versions = summaryVersions(flags.prices, dir);
      const { db } = openProjectDb(cmd.optsWithGlobals<GlobalOptions>());
      try {
        if (flags.import) await importNew(db, { versions, prices: flags.prices, projectDir: dir });
        await refreshStale(db, { versions, prices: flags.prices, projectDir: dir, flags: false });
        let report;
        try {
          report = buildUsageReport(db, query, aliases);
        } catch (err) {
          if (err instanceof FilterMatchesNothing) throw filterError(err, aliases);
          throw err;
        }
        print(report);
      } finally {
        db.close();
      }
    });
}
