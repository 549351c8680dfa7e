import path from 'node:path';
import type { ImportEnv } from '../common/types.js';

/**
 * Where Claude Code keeps transcripts: every `$CLAUDE_CONFIG_DIR` entry (comma-separated) + `/projects`, then
 * `~/.claude/projects` and `~/.config/claude/projects` (newer installs).
 */
export function claudeCodeRoots(e: ImportEnv): string[] {
  const roots: string[] = [];
  for (const dir of (e.env['CLAUDE_CONFIG_DIR'] ?? '').split(',')) {
    if (dir.trim()) roots.push(path.join(dir.trim(), 'projects'));
  }
  roots.push(path.join(e.homedir, '.claude', 'projects'), path.join(e.homedir, '.config', 'claude', 'projects'));
  return roots;
}
