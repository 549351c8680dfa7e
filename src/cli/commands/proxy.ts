import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ProxySessions } from '../../capture/proxy-sessions.js';
import { resolveRoutes } from '../../capture/proxy/routes.js';
import { startProxy } from '../../capture/proxy/server.js';
import { RecorderLog } from '../../capture/recorder-log.js';
import { providerEnv } from '../../capture/launcher/provider-env.js';
import { codexOverrides, scratch } from '../../capture/launcher/agents/index.js';
import { writeOpenclawOverlay } from '../../capture/launcher/agents/openclaw-overlay.js';
import { DB_OPTION, openProjectDb, type GlobalOptions } from '../context.js';
import { UsageError } from '../errors.js';
import { closeLiveOtlp, liveOtlpFromFlag } from './export.js';
import { priceTableFor } from '../pricing-option.js';

/** Where a running `clawtrace proxy` says how to reach it (next to the database, mode 0600). */
export function proxyStateFile(dbPath: string): string {
  return path.join(path.dirname(dbPath), 'proxy.json');
}

export function registerProxy(program: Command): void {
  program
    .command('proxy')
    .description('run the recorder as a long-lived server (a session per client session or idle gap); Ctrl-C ends it')
    .option(...DB_OPTION)
    .option('--port <n>', 'port on 127.0.0.1 (default: random)', (v) => Number.parseInt(v, 10))
    .option('-n, --name <label>', 'label for the sessions it records')
    .option('--otlp <url>', 'stream calls live as OTLP traces to this collector (headers: OTEL_EXPORTER_OTLP_HEADERS)')
    .action(async (flags: { port?: number; name?: string; otlp?: string }, cmd: Command) => {
      if (flags.port !== undefined && !(flags.port > 0 && flags.port < 65536)) throw new UsageError('--port takes a port number');
      const { db, path: dbPath } = openProjectDb(cmd.optsWithGlobals<GlobalOptions>());
      const otlp = liveOtlpFromFlag(flags.otlp, dbPath, () => priceTableFor(undefined));
      const sessions = new ProxySessions(db, new RecorderLog(path.join(path.dirname(dbPath), 'recorder.log')), flags.name ?? null, otlp ? [otlp.onCallStored] : []);
      const proxy = await startProxy({ routes: resolveRoutes({}, process.env), onExchange: sessions.onExchange, ...(flags.port ? { port: flags.port } : {}) });
      const state = proxyStateFile(dbPath);
      // OpenClaw reads base URLs from its config only: an overlay of the user's config, removed when the proxy stops
      const tmp = scratch();
      const openclaw = writeOpenclawOverlay(['openclaw'], (r) => proxy.baseUrl(r), process.env, process.cwd(), tmp.dir);
      const env = { ...providerEnv(proxy), ...openclaw.env };
      const codex = codexOverrides(proxy.baseUrl('openai'));
      fs.writeFileSync(state, `${JSON.stringify({ pid: process.pid, env, codexArgs: codex }, null, 2)}\n`, { mode: 0o600 });
      process.stderr.write(`clawtrace proxy on 127.0.0.1:${proxy.port}; point agents at it with: eval "$(clawtrace env)"; Ctrl-C to stop\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await proxy.close();
      await sessions.closeAll();
      await closeLiveOtlp(otlp, db);
      fs.rmSync(state, { force: true });
      tmp.remove();
      db.close();
      process.stderr.write('clawtrace proxy stopped; see `clawtrace sessions`\n');
    });
}
