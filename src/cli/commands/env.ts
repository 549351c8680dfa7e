import fs from 'node:fs';
import type { Command } from 'commander';
import { resolveDbPath } from '../../store/location.js';
import { DB_OPTION, type GlobalOptions } from '../context.js';
import { UsageError } from '../errors.js';
import { proxyStateFile } from './proxy.js';

function quote(shell: string, k: string, v: string): string {
  if (shell === 'fish') return `set -gx ${k} '${v}'`;
  if (shell === 'powershell') return `$env:${k} = '${v}'`;
  return `export ${k}='${v}'`;
}

export function registerEnv(program: Command): void {
  program
    .command('env')
    .description('print the variables that point agents at a running `clawtrace proxy`')
    .option(...DB_OPTION)
    .option('--shell <shell>', 'sh, fish or powershell', 'sh')
    .action((flags: { shell: string }, cmd: Command) => {
      if (!['sh', 'fish', 'powershell'].includes(flags.shell)) throw new UsageError(`--shell takes sh, fish or powershell, got '${flags.shell}'`);
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const file = proxyStateFile(resolveDbPath({ db: g.db, cwd: process.cwd(), env: process.env }));
      if (!fs.existsSync(file)) throw new UsageError('no clawtrace proxy is running for this project: start one with `clawtrace proxy`');
      const state = JSON.parse(fs.readFileSync(file, 'utf8')) as { env: Record<string, string>; codexArgs?: string[] };
      for (const [k, v] of Object.entries(state.env)) process.stdout.write(`${quote(flags.shell, k, v)}\n`);
      // Codex ignores every variable: it takes its provider on the command line
      if (state.codexArgs?.length) process.stdout.write(`# Codex ignores these; run it as: codex ${state.codexArgs.map((a) => (a === '-c' ? a : `'${a}'`)).join(' ')} ...\n`);
    });
}
