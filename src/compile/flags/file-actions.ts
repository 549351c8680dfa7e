import type { ToolStep } from '../../domain/model.js';

/**
 * What a tool call did to files, as far as can be told: read one (`key` = path + range, so other ranges of a file
 * are other reads), wrote some, might have written anything (an unparsable shell line), or nothing.
 */
export type FileAction =
  | { kind: 'read'; path: string; key: string }
  | { kind: 'write'; paths: string[] }
  | { kind: 'write_any' }
  | { kind: 'none' };

// Claude Code Read, Codex read_file, opencode/OpenClaw read, Gemini read_file, MCP filesystem read_text_file
const READ_TOOLS = new Set(['read', 'read_file', 'readfile', 'read_text_file', 'view', 'open_file']);
// Claude Code Write/Edit/MultiEdit/NotebookEdit, opencode/OpenClaw write/edit, Gemini write_file/replace, MCP edit_file
const WRITE_TOOLS = new Set(['write', 'edit', 'multiedit', 'notebookedit', 'write_file', 'replace', 'edit_file', 'create_file']);
// Codex/OpenClaw apply_patch, opencode patch: the paths are in the patch text
const PATCH_TOOLS = new Set(['apply_patch', 'patch']);
// Claude Code Bash, Codex shell/exec_command/local_shell, Gemini run_shell_command, OpenClaw exec, opencode bash
const SHELL_TOOLS = new Set(['bash', 'shell', 'exec_command', 'run_shell_command', 'local_shell', 'container.exec', 'exec']);
const RANGE_KEYS = ['offset', 'limit', 'start_line', 'end_line', 'view_range', 'line', 'lines'];

function parseArgs(args: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(args);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch (err) {
    void err; // free-form arguments (a raw patch, a raw command) have no fields
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
const WRITING_FLAGS = /\s-(delete|exec|execdir|ok|fprint\w*)\b|\s--output\b/;
const HARMLESS_REDIRECTS = /2>&1|[12]?>\s*\/dev\/null/g;

/**
 * Classifies a shell command: a simple read of one file, a command known not to write, or — anything else, since a
 * shell line can write anywhere (sed -i, tee, redirects, mv/cp/rm, git checkout/apply, scripts) — a possible write
 * to every file, which keeps reread flags precise.
 */
export function shellAction(cmd: string): FileAction {
  const c = cmd.trim();
  // quoted text is literal (a double-quoted `$` or backtick still expands, so such quotes stay and count)
  const bare = c
    .replace(/'[^']*'/g, "''")
    .replace(/"[^"$`\\]*"/g, '""')
    .replace(HARMLESS_REDIRECTS, '');
  if (/[;&|`$<>(){}]|\n/.test(bare)) {
    // a read-only command piped into filters (`cat x | grep y`, `ls | wc -l`) writes nothing; anything else might
    const stages = bare.split('|').map((p) => p.trim());
    const readOnly = !/[;&`$<>(){}]|\n/.test(bare) && stages.every((p) => /^(cat|head|tail|grep|rg|ls|echo|wc|sort|uniq|nl|cut)\b/.test(p));
    return readOnly ? { kind: 'none' } : { kind: 'write_any' };
  }
  const read = SIMPLE_READ.exec(c);
  if (read?.[3]) return { kind: 'read', path: read[3], key: `${read[3]}\u0000${read[1]}${read[2]?.trim() ?? ''}` };
  const sed = SED_PRINT.exec(c);
  if (sed?.[3]) return { kind: 'read', path: sed[3], key: `${sed[3]}\u0000sed ${sed[2] ?? ''}` };
  if (READ_ONLY_CMD.test(c) && !WRITING_FLAGS.test(c)) return { kind: 'none' };
  return { kind: 'write_any' };
}

/** Paths a patch (Codex / OpenClaw apply_patch, unified diff) touches; null when none can be read from it. */
function patchPaths(text: string): string[] | null {
  const paths = new Set<string>();
  for (const m of text.matchAll(/^\*\*\* (?:Add|Update|Delete) File: (.+)$|^\*\*\* Move to: (.+)$|^\+\+\+ (?:b\/)?(.+)$/gm)) {
    const p = (m[1] ?? m[2] ?? m[3] ?? '').trim();
    if (p && p !== '/dev/null') paths.add(p);
  }
  return paths.size ? [...paths] : null;
}

/** What one tool call did to files, from the tool's name and arguments (known agents' tools and shell lines). */
export function fileAction(step: ToolStep): FileAction {
  const name = step.name.toLowerCase();
  const cmd = shellCommand(step);
  if (cmd !== null) return shellAction(cmd);
  const a = parseArgs(step.args);
  const p = pathArg(a);
  if (name === 'str_replace_based_edit_tool' || name === 'str_replace_editor') {
    if (a['command'] === 'view' && p) return { kind: 'read', path: p, key: `${p}\u0000${JSON.stringify(a['view_range'] ?? null)}` };
    return p ? { kind: 'write', paths: [p] } : { kind: 'write_any' };
  }
  if (READ_TOOLS.has(name) && p) {
    const range = RANGE_KEYS.map((k) => JSON.stringify(a[k] ?? null)).join(',');
    return { kind: 'read', path: p, key: `${p}\u0000${range}` };
  }
  if (WRITE_TOOLS.has(name)) return p ? { kind: 'write', paths: [p] } : { kind: 'write_any' };
  if (PATCH_TOOLS.has(name)) {
    const text = typeof a['input'] === 'string' ? a['input'] : typeof a['patchText'] === 'string' ? a['patchText'] : typeof a['patch'] === 'string' ? a['patch'] : step.args;
    const paths = patchPaths(text);
    return paths ? { kind: 'write', paths } : { kind: 'write_any' };
  }
  return { kind: 'none' };
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
