import { execFileSync } from 'node:child_process';

export interface GitInfo {
  commit: string | null;
  branch: string | null;
  dirty: boolean | null;
}

function git(cwd: string, args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 3000 }).trim();
  } catch (err) {
    // not a repository, or no git installed: the session simply has no git facts
    void err;
    return null;
  }
}

/** Commit, branch and dirtiness of the work tree at `cwd`; nulls outside git. */
export function readGitInfo(cwd: string): GitInfo {
  const commit = git(cwd, ['rev-parse', 'HEAD']);
  if (commit === null) return { commit: null, branch: null, dirty: null };
  const branch = git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD']);
  const status = git(cwd, ['status', '--porcelain', '--untracked-files=no']);
  return { commit, branch, dirty: status === null ? null : status.length > 0 };
}
