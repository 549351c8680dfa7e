import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file whether it runs from test/ (tsx) or dist/test/ (compiled). */
export const REPO_ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
})();

export const CLI = path.join(REPO_ROOT, 'bin', 'clawtrace.js');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command asynchronously (never spawnSync: servers in this process must keep answering). */
export function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      cmd,
      args,
      { env: { ...process.env, NO_COLOR: '1', ...opts.env }, cwd: opts.cwd ?? REPO_ROOT, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    // no input: agents that read extra instructions from stdin (Codex) must see it closed
    child.stdin?.end();
  });
}

/** Runs the clawtrace CLI (compiled) with the given arguments. */
export function clawtrace(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return run(process.execPath, [CLI, ...args], opts);
}

/** The variables `clawtrace env` exports (its `export NAME='value'` lines). */
export function exportedVars(stdout: string): Record<string, string> {
  return Object.fromEntries(stdout.trim().split('\n').flatMap((l) => {
    const m = /^export (\w+)='(.*)'$/.exec(l);
    return m?.[1] !== undefined && m[2] !== undefined ? [[m[1], m[2]]] : [];
  }));
}

/** Waits for a `clawtrace proxy` on this database to be up, then returns what `clawtrace env` points a shell at. */
export async function proxyEnv(db: string): Promise<Record<string, string>> {
  const state = path.join(path.dirname(db), 'proxy.json');
  for (let i = 0; i < 100 && !fs.existsSync(state); i++) await new Promise((r) => setTimeout(r, 50));
  return exportedVars((await clawtrace(['env', '--db', db])).stdout);
}

export function tempDir(prefix = 'clawtrace-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
