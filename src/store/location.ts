import fs from 'node:fs';
import path from 'node:path';
import { appendFileNoFollow, createFileNoFollow, LinkRefused } from './safe-files.js';

/** Finds the root of the git work tree containing `dir`, or null outside git. No git binary needed. */
export function findGitRoot(dir: string): string | null {
  let cur = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(path.join(cur, '.git'))) return cur;
    const parent = path.dirname(cur);
    if (parent === cur) return null;
    cur = parent;
  }
}

/** The `.clawtrace` folder of the project containing `cwd`: at the git root, or in `cwd` itself outside git. */
export function projectDir(cwd: string): string {
  return path.join(findGitRoot(cwd) ?? path.resolve(cwd), '.clawtrace');
}

/**
 * Where the database lives: `--db`, else `CLAWTRACE_DB`, else `.clawtrace/clawtrace.db` in the project.
 * Creates the default folder with a .gitignore that ignores the database but not the rules or prices files.
 */
export function resolveDbPath(opts: { db?: string | undefined; cwd: string; env: NodeJS.ProcessEnv }): string {
  if (opts.db) return path.resolve(opts.cwd, opts.db);
  const fromEnv = opts.env['CLAWTRACE_DB'];
  if (fromEnv) return path.resolve(opts.cwd, fromEnv);
  const dir = projectDir(opts.cwd);
  ensureProjectDir(dir);
  return path.join(dir, 'clawtrace.db');
}

const IGNORE_HEAD = '# clawtrace: the database holds raw prompts';

/**
 * Creates the project folder with a .gitignore for what must never be committed: the database (raw prompts) and
 * proxy.json (a running proxy's secret URL). An older .gitignore of ours gets the proxy.json line added; a link in its
 * place is left alone (never written through).
 */
export function ensureProjectDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const ignore = path.join(dir, '.gitignore');
  const text = `${IGNORE_HEAD}, proxy.json a running proxy's secret; rules.yaml and prices.yaml may be committed\nclawtrace.db\nclawtrace.db-*\nproxy.json\n`;
  try {
    if (createFileNoFollow(ignore, 0o644)) {
      appendFileNoFollow(ignore, text);
      return;
    }
    const old = fs.readFileSync(ignore, 'utf8');
    if (old.startsWith(IGNORE_HEAD) && !/^proxy\.json$/m.test(old)) appendFileNoFollow(ignore, `${old.endsWith('\n') ? '' : '\n'}proxy.json\n`);
  } catch (err) {
    if (!(err instanceof LinkRefused)) throw err;
  }
}
