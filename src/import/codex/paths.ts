import path from 'node:path';
import type { ImportEnv } from '../common/types.js';

/** Where Codex writes rollouts: `$CODEX_HOME/sessions` when set, and `~/.codex/sessions`. */
export function codexRoots(e: ImportEnv): string[] {
  const roots: string[] = [];
  const home = e.env['CODEX_HOME'];
  if (home && home.trim()) roots.push(path.join(home.trim(), 'sessions'));
  roots.push(path.join(e.homedir, '.codex', 'sessions'));
  return roots;
}
