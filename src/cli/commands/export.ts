import path from 'node:path';
import type { Command } from 'commander';
import { RecorderLog } from '../../capture/recorder-log.js';
import type { NormalizedCall } from '../../domain/llm-call.js';
import { callUsd } from '../../compile/call-pricer.js';
import type { PriceTable } from '../../compile/pricing/rates.js';
import { createLiveOtlp, type LiveOtlp } from '../../export/otlp/live.js';
import type { Db } from '../../store/db.js';
import { getSession } from '../../store/sessions-repo.js';
import { selectSessions } from '../../distill/select.js';
import { exportSessionsOtlp, OtlpExportError } from '../../export/otlp/export-sessions.js';
import { OTLP_PROTOCOLS, tracesUrl, type OtlpProtocol } from '../../export/otlp/pipeline.js';
import { DB_OPTION, openProjectDb, type GlobalOptions } from '../context.js';
import { UsageError, UserFacingError } from '../errors.js';
import { PRICES_OPTION, priceTableFor } from '../pricing-option.js';
import { sessionFromSelector } from '../resolve.js';
import { clawtraceVersion } from '../../util/version.js';

interface OtlpFlags {
  endpoint?: string;
  header: string[];
  protocol?: string;
  content?: boolean;
  prices?: string;
}

/** `--header K=V` values (repeatable) into a map; values are never printed (they often hold API keys). */
export function parseHeaders(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    // the value may be a key: the message does not repeat it
    if (eq <= 0) throw new UsageError('--header takes key=value, e.g. --header Authorization="Basic …"');
    out[v.slice(0, eq).trim()] = v.slice(eq + 1).trim();
  }
  return out;
}

/** The OTLP endpoint from --endpoint or the standard OTEL_EXPORTER_OTLP_* variables, checked. */
export function resolveEndpoint(given: string | undefined, env: NodeJS.ProcessEnv, flag: string): string {
  const raw = given ?? env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] ?? env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  if (!raw) throw new UsageError(`${flag} needs the collector's OTLP/HTTP URL (e.g. http://localhost:4318), or set OTEL_EXPORTER_OTLP_ENDPOINT`);
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
    tracesUrl(raw);
  } catch {
    throw new UsageError(`${flag} needs an http(s) URL, got '${raw.replace(/\/\/[^/@]*@/, '//***@')}'`);
  }
  return raw;
}

export function resolveProtocol(given: string | undefined, env: NodeJS.ProcessEnv): OtlpProtocol {
  const p = given ?? env['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'] ?? env['OTEL_EXPORTER_OTLP_PROTOCOL'] ?? 'http/protobuf';
  if (!OTLP_PROTOCOLS.includes(p as OtlpProtocol)) throw new UsageError(`--protocol takes http/protobuf or http/json, got '${p}'`);
  return p as OtlpProtocol;
}

/** `clawtrace export otlp`: sessions as OpenTelemetry traces (GenAI semantic conventions) to any OTLP/HTTP collector. */
export function registerExport(program: Command): void {
  const exp = program.command('export').description('send sessions to other tools (otlp: OpenTelemetry traces)');
  exp
    .command('otlp')
    .description('send sessions as OTLP traces following the GenAI semantic conventions (invoke_agent → chat → execute_tool)')
    .argument('[selectors...]', 'session ids, labels, tags k=v or last (default: all sessions)')
    .option(...DB_OPTION)
    .option(...PRICES_OPTION)
    .option('--endpoint <url>', 'OTLP/HTTP endpoint: a base URL (/v1/traces is added) or the full traces URL (env OTEL_EXPORTER_OTLP_ENDPOINT)')
    .option('--header <key=value>', 'HTTP header for the collector, e.g. Authorization=Basic … (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
    .option('--protocol <protocol>', 'http/protobuf (default) or http/json')
    .option('--content', 'include prompts, replies, tool arguments and results (secrets masked); off by default')
    .action(async (selectors: string[], flags: OtlpFlags, cmd: Command) => {
      const endpoint = resolveEndpoint(flags.endpoint, process.env, '--endpoint');
      const protocol = resolveProtocol(flags.protocol, process.env);
      const headers = parseHeaders(flags.header);
      const table = priceTableFor(flags.prices);
      const { db } = openProjectDb(cmd.optsWithGlobals<GlobalOptions>());
      try {
        const ids =
          selectors.length === 1 && selectors[0] === 'last'
            ? [sessionFromSelector(db, 'last').id]
            : selectSessions(db, selectors, null).map((s) => s.id);
        if (ids.length === 0) throw new UsageError(selectors.length ? `no sessions match ${selectors.join(' ')}` : 'no sessions recorded yet');
        const target = { endpoint, headers, protocol };
        const r = await exportSessionsOtlp(db, ids, table, target, { content: !!flags.content }, clawtraceVersion()).catch((err: unknown) => {
          if (err instanceof OtlpExportError) throw new UserFacingError(err.message);
          throw err;
        });
        process.stderr.write(`clawtrace: sent ${r.sessions} session(s) as ${r.spans} spans to ${new URL(tracesUrl(endpoint)).origin} (${protocol})\n`);
      } finally {
        db.close();
      }
    });
}

/**
 * `record --otlp URL` / `proxy --otlp URL`: the live streamer, failures logged to the recorder log beside the
 * database (never on the agent's terminal); null without the flag.
 */
export function liveOtlpFromFlag(url: string | undefined, dbPath: string, prices: () => PriceTable): LiveOtlp | null {
  if (url === undefined) return null;
  const endpoint = resolveEndpoint(url, {}, '--otlp');
  const table = prices();
  const price = (call: NormalizedCall): number | null => callUsd(call, table);
  const log = new RecorderLog(dbPath === ':memory:' ? null : path.join(path.dirname(dbPath), 'recorder.log'));
  return createLiveOtlp({ endpoint, protocol: resolveProtocol(undefined, process.env), price, log: (m) => log.info(m) });
}

/** Ends the live stream with each session's agent, label and outcome as the database has them now. */
export async function closeLiveOtlp(otlp: LiveOtlp | null, db: Db): Promise<void> {
  await otlp?.close((id) => {
    const s = getSession(db, id);
    return s && { agentName: s.agentName, label: s.label, outcome: s.outcome.status };
  });
}
