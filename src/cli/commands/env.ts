import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import type { Command } from 'commander';
import { isAlive } from '../../capture/owner.js';
import { resolveDbPath } from '../../store/location.js';
import { refuseLink } from '../../store/safe-files.js';
import { DB_OPTION, type GlobalOptions } from '../context.js';
import { UsageError } from '../errors.js';
import { proxyStateFile, type ProxyState } from './proxy.js';

function quote(shell: string, k: string, v: string): string {
  if (shell === 'fish') return `set -gx ${k} '${v}'`;
  if (shell === 'powershell') return `$env:${k} = '${v}'`;
  return `export ${k}='${v}'`;
}

/** Does something accept connections on this loopback port? */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.setTimeout(1000);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(false));
  });
}

/** A shell token in every base URL: the proxy tells this shell's clients from other shells' (one session per run). */
function withShellToken(env: Record<string, string>, token: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) out[k] = v.replace(/(\/__clawtrace_[0-9a-f]+)(\/|$)/, `$1/~${token}$2`);
  return out;
}

export function registerEnv(program: Command): void {
  program
    .command('env')
    .description('print the variables that point agents at a running `clawtrace proxy`')
    .option(...DB_OPTION)
    .option('--shell <shell>', 'sh, fish or powershell', 'sh')
    .action(async (flags: { shell: string }, cmd: Command) => {
      if (!['sh', 'fish', 'powershell'].includes(flags.shell)) throw new UsageError(`--shell takes sh, fish or powershell, got '${flags.shell}'`);
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const file = proxyStateFile(resolveDbPath({ db: g.db, cwd: process.cwd(), env: process.env }));
      const none = 'no clawtrace proxy is running for this project: start one with `clawtrace proxy`';
      if (!fs.existsSync(file)) throw new UsageError(none);
      try {
        refuseLink(file);
      } catch (err) {
        throw new UsageError(err instanceof Error ? err.message : String(err));
      }
      let state: ProxyState;
      try {
        state = JSON.parse(fs.readFileSync(file, 'utf8')) as ProxyState;
      } catch (err) {
        throw new UsageError(`${file} is unreadable (${err instanceof Error ? err.message : String(err)}): start a proxy with \`clawtrace proxy\``);
      }
      // a proxy that crashed leaves its file behind: its pid is gone (or reused), or its port answers no more
      const alive = typeof state.pid === 'number' && isAlive({ pid: state.pid, start: state.start ?? null }) && (typeof state.port !== 'number' || (await listening(state.port)));
      if (!alive) {
        fs.rmSync(file, { force: true });
        throw new UsageError(`the clawtrace proxy that wrote ${file} (pid ${state.pid}) is not running any more; ${none.slice(none.indexOf('start'))}`);
      }
      const env = withShellToken(state.env, crypto.randomBytes(6).toString('hex'));
      for (const [k, v] of Object.entries(env)) process.stdout.write(`${quote(flags.shell, k, v)}\n`);
      // Codex ignores every base URL variable: it takes its provider on the command line (the secret stays in the env)
      if (state.codexArgs?.length) process.stdout.write(`# Codex ignores these; run it as: codex ${state.codexArgs.map((a) => (a === '-c' ? a : `'${a}'`)).join(' ')} ...\n`);
    });
}
