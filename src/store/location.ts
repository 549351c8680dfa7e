import fs from 'node:fs';
import path from 'node:path';

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

export function ensureProjectDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const ignore = path.join(dir, '.gitignore');
  if (!fs.existsSync(ignore)) {
    fs.writeFileSync(ignore, '# clawtrace: the database holds raw prompts; rules.yaml and prices.yaml may be committed\nclawtrace.db\nclawtrace.db-*\n');
  }
}
