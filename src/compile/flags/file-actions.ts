import type { ToolStep } from '../../domain/model.js';

/** What a tool call did to files, as far as can be told: read one, wrote one, or might have written anything. */
export type FileAction =
  | { kind: 'read'; path: string; key: string }
  | { kind: 'write'; path: string }
  | { kind: 'write_any' }
  | { kind: 'none' };

const READ_TOOLS = new Set(['read', 'read_file', 'view', 'readfile', 'open_file', 'cat']);
const WRITE_TOOLS = new Set(['write', 'edit', 'multiedit', 'notebookedit', 'write_file', 'replace', 'edit_file', 'create_file', 'str_replace_based_edit_tool']);
const PATCH_TOOLS = new Set(['apply_patch', 'patch']);
const SHELL_TOOLS = new Set(['bash', 'shell', 'exec_command', 'run_shell_command', 'local_shell', 'container.exec', 'exec']);

function parseArgs(args: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(args);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch (err) {
    void err;
    return {};
  }
}

function pathArg(a: Record<string, unknown>): string | null {
  for (const k of ['file_path', 'path', 'filePath', 'absolute_path', 'filename', 'notebook_path']) {
    const v = a[k];
    if (typeof v === 'string' && v) return v;
  }
  return null;
}

/** The shell command text of a shell tool call, whatever shape its arguments take. */
export function shellCommand(step: ToolStep): string | null {
  if (!SHELL_TOOLS.has(step.name.toLowerCase())) return null;
  const a = parseArgs(step.args);
  const c = a['command'] ?? a['cmd'];
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) {
    const parts = c.filter((x): x is string => typeof x === 'string');
    // ["bash", "-lc", "cat x"] → the script
    const i = parts.findIndex((p) => p === '-c' || p === '-lc');
    return i >= 0 ? (parts[i + 1] ?? null) : parts.join(' ');
  }
  return null;
}

const SIMPLE_READ = /^(cat|head|tail|nl|less|more)((?:\s+-{1,2}[\w=]+(?:\s+\d+)?)*)\s+([\w./@+-]+)\s*$/;
const SED_PRINT = /^sed\s+-n\s+(['"]?)([\d,$p;]+)\1\s+([\w./@+-]+)\s*$/;
const READ_ONLY_CMD = /^(ls|pwd|echo|grep|rg|find|wc|git\s+(status|log|diff|show)|which|node\s+--version|npm\s+(test|run\s+test)|pytest|go\s+test|cargo\s+test)\b/;

/**
 * Classifies a shell command: a simple read of one file, a command known not to write, or — anything else, since a
 * shell line can write anywhere — a possible write to every file (which keeps reread flags precise).
 */
function shellAction(cmd: string): FileAction {
  const c = cmd.trim();
  if (/[;&|`$<>]|\n/.test(c.replace(/2>&1|2>\/dev\/null/g, ''))) {
    return /^(cat|head|tail|grep|ls|echo|wc)\b/.test(c) && !/[>]/.test(c.replace(/2>&1|2>\/dev\/null/g, '')) && !/[;&`$]/.test(c) ? { kind: 'none' } : { kind: 'write_any' };
  }
  const read = SIMPLE_READ.exec(c);
  if (read?.[3]) return { kind: 'read', path: read[3], key: `${read[3]}\u0000${read[1]}${read[2]?.trim() ?? ''}` };
  const sed = SED_PRINT.exec(c);
  if (sed?.[3]) return { kind: 'read', path: sed[3], key: `${sed[3]}\u0000sed ${sed[2] ?? ''}` };
  if (READ_ONLY_CMD.test(c)) return { kind: 'none' };
  return { kind: 'write_any' };
}

export function fileAction(step: ToolStep): FileAction {
  const name = step.name.toLowerCase();
  const cmd = shellCommand(step);
  if (cmd !== null) return shellAction(cmd);
  const a = parseArgs(step.args);
  const p = pathArg(a);
  if (READ_TOOLS.has(name) && p) {
    const range = ['offset', 'limit', 'start_line', 'end_line', 'view_range'].map((k) => JSON.stringify(a[k] ?? null)).join(',');
    return { kind: 'read', path: p, key: `${p}\u0000${range}` };
  }
  if (WRITE_TOOLS.has(name)) return p ? { kind: 'write', path: p } : { kind: 'write_any' };
  if (PATCH_TOOLS.has(name)) return { kind: 'write_any' };
  return { kind: 'none' };
}

export function isWriteAction(a: FileAction): boolean {
  return a.kind === 'write' || a.kind === 'write_any';
}
