import type { Command } from 'commander';
import { recordSession } from '../../capture/record-session.js';
import { runOracle } from '../../capture/oracle.js';
import { setOutcome } from '../../store/sessions-repo.js';
import { DB_OPTION, openProjectDb, type GlobalOptions } from '../context.js';
import { UsageError } from '../errors.js';
import { sessionSummaryLine } from '../../report/summary-line.js';
import { PRICES_OPTION, priceTableFor } from '../pricing-option.js';
import { callUsd } from '../../compile/call-pricer.js';
import { LimitsError, resolveLimits } from '../../capture/guardrails/limits.js';
import { projectDir } from '../../store/location.js';
import { transportErrors } from '../../store/exchanges-repo.js';
import { priceCall } from '../../compile/pricing/price-call.js';
import { makeUsage } from '../../domain/usage.js';
import type { RecordResult } from '../../capture/record-session.js';
import type { Db } from '../../store/db.js';
import type { PriceTable } from '../../compile/pricing/rates.js';
import { closeLiveOtlp, liveOtlpFromFlag } from './export.js';

interface RecordFlags {
  name?: string;
  tag: string[];
  oracle?: string;
  upstreamAnthropic?: string;
  upstreamOpenai?: string;
  upstreamGemini?: string;
  quiet?: boolean;
  maxUsd?: string;
  maxCalls?: string;
  maxTokens?: string;
  maxRepeats?: string;
  onLimit?: string;
  prices?: string;
  otlp?: string;
}

/** Parses `--tag k=v` values into a map; a malformed tag is a usage error. */
export function parseTags(values: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`--tag takes key=value, got '${v}'`);
    tags[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return tags;
}

function checkUrl(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
    return value;
  } catch {
    throw new UsageError(`${flag} needs an http(s) URL, got '${value}'`);
  }
}

/** What could not be recorded, said plainly (never silently): exchanges lost, and requests that reached no provider. */
function recordingProblems(db: Db, r: RecordResult): string[] {
  const out: string[] = [];
  const lost = r.store.failed + r.store.dropped + r.store.unsaved;
  if (lost > 0) {
    const why = [
      r.store.failed ? `${r.store.failed} refused by the database` : '',
      r.store.dropped ? `${r.store.dropped} dropped (write queue full)` : '',
      r.store.unsaved ? `${r.store.unsaved} still unwritten at exit` : '',
    ].filter(Boolean);
    out.push(`clawtrace: ${lost} of ${r.exchanges} exchanges could not be stored (${why.join(', ')}); see ${r.logFile}`);
  }
  try {
    const t = transportErrors(db, r.sessionId);
    if (t.count > 0) out.push(`clawtrace: ${t.count} request(s) never reached their provider (${t.last ?? 'no connection'}): kept as transport errors, not LLM calls`);
  } catch (err) {
    void err; // the database is unreadable (disk full, locked): the lost count above already says so
  }
  return out;
}

/** Prices a call not yet made (a budget's reservation) with the same table as the cards. */
function estimator(table: PriceTable) {
  return (e: { provider: string; model: string | null; input: number; output: number }): number | null => {
    return priceCall({ provider: e.provider, model: e.model, usage: makeUsage({ inputUncached: e.input, output: e.output }), unbilled: false }, table).usd?.total ?? null;
  };
}

export function registerRecord(program: Command): void {
  program
    .command('record')
    .option(...DB_OPTION)
    .description('run an agent with its LLM traffic recorded: clawtrace record [options] -- <command> [args...]')
    .argument('<command...>', 'the agent command and its arguments (put them after --)')
    .option('-n, --name <label>', 'a label for the session (select it later by this name)')
    .option('-t, --tag <key=value>', 'tag the session (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
    .option('--oracle <command>', 'run this after the agent exits (e.g. "npm test"); its exit status is the outcome')
    .option('--upstream-anthropic <url>', 'forward Anthropic traffic here (default: $ANTHROPIC_BASE_URL or the public API)')
    .option('--upstream-openai <url>', 'forward OpenAI traffic here, with /v1 (default: $OPENAI_BASE_URL or the public API)')
    .option('--upstream-gemini <url>', 'forward Gemini traffic here (default: $GOOGLE_GEMINI_BASE_URL or the public API)')
    .option('--max-usd <usd>', 'refuse model calls once the session has cost this much (env CLAWTRACE_MAX_USD)')
    .option('--max-calls <n>', 'refuse model calls after this many (sub-agents included)')
    .option('--max-tokens <n>', 'refuse model calls once this many tokens were used')
    .option('--max-repeats <n>', 'loop breaker: refuse to continue after the same tool call was requested n times')
    .option('--on-limit <mode>', 'refuse (default: the agent gets an API error) or stop (the agent is interrupted)')
    .option(...PRICES_OPTION)
    .option('-q, --quiet', 'no live status line and no summary line')
    .option('--otlp <url>', 'stream calls live as OTLP traces to this collector (headers: OTEL_EXPORTER_OTLP_HEADERS)')
    .passThroughOptions()
    .action(async (argv: string[], flags: RecordFlags, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const tags = parseTags(flags.tag);
      const upstreams = {
        anthropic: checkUrl('--upstream-anthropic', flags.upstreamAnthropic),
        openai: checkUrl('--upstream-openai', flags.upstreamOpenai),
        gemini: checkUrl('--upstream-gemini', flags.upstreamGemini),
      };
      let limits;
      try {
        limits = resolveLimits(flags, process.env, projectDir(process.cwd()));
      } catch (err) {
        if (err instanceof LimitsError) throw new UsageError(err.message);
        throw err;
      }
      const { db, path: dbPath } = openProjectDb(global);
      const table = priceTableFor(flags.prices);
      const otlp = liveOtlpFromFlag(flags.otlp, dbPath, () => table);
      const result = await recordSession({
        db,
        dbPath,
        argv,
        cwd: process.cwd(),
        env: process.env,
        label: flags.name ?? null,
        tags,
        upstreams,
        limits,
        price: (call) => callUsd(call, table),
        estimate: estimator(table),
        live: !flags.quiet,
        listeners: otlp ? [otlp.onCallStored] : [],
      });
      // the agent's exit code passes through whatever happened to the recording
      process.exitCode = result.exitCode;
      if (result.command.spawnError) {
        process.stderr.write(`clawtrace: could not start '${argv[0] ?? ''}': ${result.command.spawnError}\n`);
      }
      try {
        if (flags.oracle) setOutcome(db, result.sessionId, runOracle(flags.oracle, process.cwd(), process.env));
        await closeLiveOtlp(otlp, db);
        if (!flags.quiet) process.stderr.write(`${sessionSummaryLine(db, result.sessionId, table, result.recorderErrors, result.logFile)}\n`);
      } catch (err) {
        process.stderr.write(`clawtrace: the session could not be read back: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
      }
      for (const line of recordingProblems(db, result)) process.stderr.write(`${line}\n`);
      db.close();
    });
}
