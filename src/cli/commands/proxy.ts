import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ProxySessions } from '../../capture/proxy-sessions.js';
import { resolveRoutes } from '../../capture/proxy/routes.js';
import { startProxy } from '../../capture/proxy/server.js';
import { RecorderLog } from '../../capture/recorder-log.js';
import { providerEnv } from '../../capture/launcher/provider-env.js';
import { scratch } from '../../capture/launcher/agents/index.js';
import { codexRouting, SECRET_ENV } from '../../capture/launcher/agents/codex.js';
import { writeOpenclawOverlay } from '../../capture/launcher/agents/openclaw-overlay.js';
import { closeAbandonedSessions, selfOwner } from '../../capture/owner.js';
import { RecorderWriter } from '../../capture/writer/writer.js';
import { writeFileNoFollow } from '../../store/safe-files.js';
import { DB_OPTION, openProjectDb, type GlobalOptions } from '../context.js';
import { openDb } from '../../store/db.js';
import { UsageError, UserFacingError } from '../errors.js';
import { closeLiveOtlp, liveOtlpFromFlag } from './export.js';
import { priceTableFor } from '../pricing-option.js';

/** Where a running `clawtrace proxy` says how to reach it (next to the database, mode 0600, never through a link). */
export function proxyStateFile(dbPath: string): string {
  return path.join(path.dirname(dbPath), 'proxy.json');
}

/** What proxy.json holds: who wrote it (to tell a live proxy from a dead one's leftovers) and what to export. */
export interface ProxyState {
  pid: number;
  start: string | null;
  port: number;
  env: Record<string, string>;
  codexArgs?: string[];
}

/** Exchanges still running when Ctrl-C comes may finish for this long; a second Ctrl-C cuts them at once. */
const STOP_GRACE_MS = 2000;

export function registerProxy(program: Command): void {
  program
    .command('proxy')
    .description('run the recorder as a long-lived server (a session per client run, by session header or client process); Ctrl-C ends it')
    .option(...DB_OPTION)
    .option('--port <n>', 'port on 127.0.0.1 (default: random)', (v) => Number.parseInt(v, 10))
    .option('-n, --name <label>', 'label for the sessions it records')
    .option('--otlp <url>', 'stream calls live as OTLP traces to this collector (headers: OTEL_EXPORTER_OTLP_HEADERS)')
    .action(async (flags: { port?: number; name?: string; otlp?: string }, cmd: Command) => {
      if (flags.port !== undefined && !(flags.port > 0 && flags.port < 65536)) throw new UsageError('--port takes a port number');
      const { db, path: dbPath } = openProjectDb(cmd.optsWithGlobals<GlobalOptions>());
      closeAbandonedSessions(db);
      db.close();
      const otlp = liveOtlpFromFlag(flags.otlp, dbPath, () => priceTableFor(undefined));
      const log = new RecorderLog(path.join(path.dirname(dbPath), 'recorder.log'));
      const writer = new RecorderWriter(dbPath, log);
      const owner = selfOwner();
      const sessions = new ProxySessions(writer, log, flags.name ?? null, owner, otlp ? [otlp.onCallStored] : []);
      const proxy = await startProxy({
        routes: resolveRoutes({}, process.env),
        onExchange: sessions.onExchange,
        onConnection: sessions.onConnection,
        ...(flags.port ? { port: flags.port } : {}),
      });
      const state = proxyStateFile(dbPath);
      // OpenClaw reads base URLs from its config only: an overlay of the user's config, removed when the proxy stops
      const tmp = scratch();
      const openclaw = writeOpenclawOverlay(['openclaw'], (r) => proxy.baseUrl(r), process.env, process.cwd(), tmp.dir);
      const codex = codexRouting([], proxy, process.env);
      const env = { ...providerEnv(proxy), ...openclaw.env, [SECRET_ENV]: proxy.secret };
      const content: ProxyState = { pid: owner.pid, start: owner.start, port: proxy.port, env, codexArgs: codex.args };
      try {
        writeFileNoFollow(state, `${JSON.stringify(content, null, 2)}\n`);
      } catch (err) {
        await proxy.close({ graceMs: 0 });
        await writer.close(1000);
        tmp.remove();
        throw new UserFacingError(err instanceof Error ? err.message : String(err));
      }
      process.stderr.write(`clawtrace proxy on 127.0.0.1:${proxy.port}; point agents at it with: eval "$(clawtrace env)"; Ctrl-C to stop\n`);
      const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
      let stopping: (() => void) | null = null;
      const again = (): void => stopping?.();
      await new Promise<void>((resolve) => {
        const first = (): void => {
          for (const s of signals) process.off(s, first);
          for (const s of signals) process.on(s, again);
          resolve();
        };
        for (const s of signals) process.on(s, first);
      });
      process.stderr.write('clawtrace proxy stopping: storing what is in flight (Ctrl-C again to cut it now)\n');
      const cut = new Promise<void>((r) => (stopping = r));
      // exchanges in flight finish (or are cut) and are stored; then every session is closed and the queue written
      await proxy.close({ graceMs: STOP_GRACE_MS, cut });
      await sessions.closeAll();
      const stats = await writer.close();
      for (const s of signals) process.off(s, again);
      if (otlp) {
        // the live spans' sessions are closed with what the store now says of them
        const read = openDb(dbPath);
        await closeLiveOtlp(otlp, read);
        read.close();
      }
      fs.rmSync(state, { force: true });
      tmp.remove();
      const lost = stats.failed + stats.dropped + stats.unsaved;
      process.stderr.write(`clawtrace proxy stopped: ${stats.stored} exchanges stored${lost ? `, ${lost} could not be (see ${path.join(path.dirname(dbPath), 'recorder.log')})` : ''}; see \`clawtrace sessions\`\n`);
    });
}
