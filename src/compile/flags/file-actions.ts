import type { ToolStep } from '../../domain/model.js';
import { shellAction as describeShell, shellCommandOf, type ToolAction } from '../../domain/tool-action.js';

/**
 * What a tool call did to files, as the flags need it: read one (`key` = path + range, so other ranges of a file are
 * other reads), wrote some, might have written anything (an unreadable shell line), or nothing. Derived from the
 * call's recorded action (src/domain/tool-action.ts), the one place that knows the tools.
 */
export type FileAction =
  | { kind: 'read'; path: string; key: string }
  | { kind: 'write'; paths: string[] }
  | { kind: 'write_any' }
  | { kind: 'none' };

function fromAction(a: Pick<ToolAction, 'verb' | 'target' | 'paths' | 'writes'>): FileAction {
  if (a.writes === 'yes') return a.paths.length ? { kind: 'write', paths: a.paths } : { kind: 'write_any' };
  if (a.writes === 'maybe') return { kind: 'write_any' };
  const path = a.paths[0];
  if (a.verb === 'read' && path !== undefined && a.paths.length === 1) return { kind: 'read', path, key: `${path}\u0000${a.target}` };
  return { kind: 'none' };
}

/** What a shell line does to files. */
export function shellAction(cmd: string): FileAction {
  return fromAction(describeShell(cmd));
}

/** The shell command text of a shell tool call, whatever shape its arguments take; null for other tools. */
export function shellCommand(step: ToolStep): string | null {
  if (step.action.family !== 'shell') return null;
  try {
    const v: unknown = JSON.parse(step.args);
    return shellCommandOf(v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}, step.args);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return step.args.trim() || null;
  }
}

/** What one tool call did to files. */
export function fileAction(step: ToolStep): FileAction {
  return fromAction(step.action);
}

export function isWriteAction(a: FileAction): boolean {
  return a.kind === 'write' || a.kind === 'write_any';
}

function baseName(p: string): string {
  return p.replace(/\/+$/, '').split('/').pop() ?? p;
}

/**
 * Whether a write to `written` may have changed the file read as `read`. Paths are compared by file name, since
 * the same file is named relatively by one tool and absolutely by another: a miss here costs a flag, never a lie.
 */
export function mayBeSameFile(read: string, written: string): boolean {
  return baseName(read) === baseName(written);
}
