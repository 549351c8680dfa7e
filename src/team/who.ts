import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { projectOf } from '../report/usage/projects.js';

/** Who pushed and from where: tags on every team-store row, so spend can be split by person, machine and repository. */
export interface Who {
  user: string;
  host: string;
}

export function whoAmI(env: NodeJS.ProcessEnv, user?: string): Who {
  let name = user ?? env['CLAWTRACE_USER'] ?? null;
  if (!name) {
    try {
      name = os.userInfo().username;
    } catch (err) {
      // no passwd entry (some containers): the environment may still say
      name = env['USER'] ?? env['LOGNAME'] ?? `uid-${String((err as NodeJS.ErrnoException).code ?? 'unknown')}`;
    }
  }
  return { user: name, host: os.hostname() };
}

/** The project a session ran in, as local reports name it (projectOf); '' when unknown. */
export class Projects {
  private readonly roots = new Map<string, string>();
  private readonly repos = new Map<string, string>();

  project(cwd: string | null): string {
    if (!cwd) return '';
    let p = this.roots.get(cwd);
    if (p === undefined) {
      p = projectOf(cwd) ?? '';
      this.roots.set(cwd, p);
    }
    return p;
  }

  /** The repository's origin URL without credentials, else the project folder's name. */
  repo(project: string): string {
    if (!project) return '';
    let r = this.repos.get(project);
    if (r === undefined) {
      r = originUrl(project) ?? path.basename(project);
      this.repos.set(project, r);
    }
    return r;
  }
}

function originUrl(dir: string): string | null {
  try {
    const url = execFileSync('git', ['config', '--get', 'remote.origin.url'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 3000 }).trim();
    return url ? url.replace(/\/\/[^/@]*@/, '//') : null;
  } catch (err) {
    // not a repository any more, no origin, or no git: the folder name stands in
    void err;
    return null;
  }
}
