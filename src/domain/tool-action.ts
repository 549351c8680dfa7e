import { z } from 'zod';
import { shortHash } from '../util/hash.js';

/**
 * What a tool call does, across agents: the one place that knows which tools are the same family (Bash, bash,
 * shell, exec_command, run_shell_command, exec are all "shell") and what a call does (read, write, search, run).
 * Recorded with each call from its FULL arguments before they are cut to 8 KB, so a large Write is still a write.
 * Flags compare what calls do (the command, the path, the pattern), never the envelope around it (working folder,
 * timeouts, output caps, descriptions).
 */
export const ToolFamilySchema = z.enum(['shell', 'read', 'write', 'edit', 'search', 'list', 'fetch', 'plan', 'spawn', 'wait', 'other']);
export type ToolFamily = z.infer<typeof ToolFamilySchema>;

/** What the call did, whatever tool it went through. */
export const ToolVerbSchema = z.enum(['read', 'list', 'search', 'write', 'run', 'plan', 'spawn', 'wait', 'other']);
export type ToolVerb = z.infer<typeof ToolVerbSchema>;

export const ToolActionSchema = z.object({
  family: ToolFamilySchema,
  verb: ToolVerbSchema,
  /** what it does, normalized: the shell command, the path (and range) read, the pattern and folder searched */
  target: z.string(),
  /** files it reads or writes, when they can be told */
  paths: z.array(z.string()),
  /** whether it changes files: a shell line that cannot be read is `maybe` */
  writes: z.enum(['no', 'yes', 'maybe']),
});
export type ToolAction = z.infer<typeof ToolActionSchema>;

const FAMILIES: Record<string, ToolFamily> = {};
const add = (family: ToolFamily, names: string[]): void => names.forEach((n) => (FAMILIES[n] = family));
// Claude Code, Codex, Gemini CLI, opencode, OpenClaw, MCP servers, SDK examples
add('shell', ['bash', 'shell', 'exec_command', 'run_shell_command', 'local_shell', 'container.exec', 'exec', 'execute_command', 'terminal', 'run_terminal_cmd', 'write_stdin', 'bashoutput', 'process']);
add('read', ['read', 'read_file', 'readfile', 'read_text_file', 'read_many_files', 'view', 'open_file', 'cat']);
add('write', ['write', 'write_file', 'create_file']);
add('edit', ['edit', 'multiedit', 'notebookedit', 'replace', 'edit_file', 'str_replace_editor', 'str_replace_based_edit_tool', 'apply_patch', 'patch']);
add('search', ['grep', 'glob', 'search', 'search_file_content', 'rg', 'codebase_search', 'file_search', 'find', 'grep_search']);
add('list', ['ls', 'list_directory', 'list_dir', 'list_files']);
add('fetch', ['webfetch', 'web_fetch', 'fetch', 'websearch', 'web_search', 'google_web_search', 'web_search_call', 'browser']);
add('plan', ['todowrite', 'todo_write', 'todoread', 'update_plan', 'write_todos', 'taskupdate', 'taskcreate', 'tasklist', 'taskget', 'exit_plan_mode', 'exitplanmode', 'enterplanmode', 'think']);
add('spawn', ['task', 'agent', 'spawn_agent', 'collaboration.spawn_agent', 'sessions_spawn', 'invoke_agent', 'subagent', 'delegate', 'delegate_task', 'run_subagent']);
add('wait', ['wait_agent', 'collaboration.wait_agent', 'sessions_yield', 'wait', 'sleep', 'killshell', 'kill_shell']);

/** The family of a tool by its name (case and `mcp__server__` prefixes ignored). */
export function toolFamily(name: string): ToolFamily {
  const n = name.toLowerCase();
  return FAMILIES[n] ?? FAMILIES[n.replace(/^mcp__[^_]+__/, '')] ?? 'other';
}

/** Plain words for a family, for rules and advice. */
export const FAMILY_WORDS: Record<ToolFamily, string> = {
  shell: 'shell commands', read: 'file reads', write: 'file writes', edit: 'file edits', search: 'searches', list: 'folder listings',
  fetch: 'web fetches', plan: 'plan and todo updates', spawn: 'sub-agent launches', wait: 'waits', other: 'tool calls',
};

const TARGET_LIMIT = 300;
const PATH_KEYS = ['file_path', 'path', 'filePath', 'absolute_path', 'filename', 'notebook_path', 'dir_path', 'directory', 'target_file'];
const RANGE_KEYS = ['offset', 'limit', 'start_line', 'end_line', 'view_range', 'line', 'lines'];

function parseArgs(args: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(args);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return {}; // free-form arguments (a raw patch, a raw command) have no fields
  }
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function pathArg(a: Record<string, unknown>): string | null {
  for (const k of PATH_KEYS) {
    const v = str(a[k]);
    if (v) return v;
  }
  return null;
}

/** The shell command of a shell call's arguments, whatever shape they take (`["bash","-lc","cat x"]` → `cat x`). */
export function shellCommandOf(a: Record<string, unknown>, raw: string): string | null {
  const c = a['command'] ?? a['cmd'] ?? a['script'];
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) {
    const parts = c.filter((x): x is string => typeof x === 'string');
    const i = parts.findIndex((p) => p === '-c' || p === '-lc');
    return i >= 0 ? (parts[i + 1] ?? null) : parts.join(' ');
  }
  return Object.keys(a).length === 0 && raw.trim() && !raw.trim().startsWith('{') ? raw.trim() : null;
}

const SIMPLE_READ = /^(cat|head|tail|nl|less|more|bat)((?:\s+-{1,2}[\w=]+(?:\s+\d+)?)*)\s+([\w./@+~-]+)\s*$/;
const SED_PRINT = /^sed\s+-n\s+(['"]?)([\d,$p;]+)\1\s+([\w./@+~-]+)\s*$/;
const SEARCH_CMD = /^(grep|rg|ag|ack|git\s+grep)\b/;
const LIST_CMD = /^(ls|tree|find|fd|du)\b/;
const READ_ONLY_CMD = /^(pwd|echo|wc|which|whoami|date|env|printenv|git\s+(status|log|diff|show|branch|remote|rev-parse|blame)|node\s+--version|python3?\s+--version|uname|stat|file|realpath|basename|dirname|type|command\s+-v)\b/;
// test, type-check, lint and build runners: they check the code and do not change it (their output folders aside)
const CHECK_CMD = /^(?:(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?(?:test|check|lint|typecheck|build)\b|npx\s+(?:tsc|jest|vitest|mocha|eslint)\b|node\s+[\w./-]*test[\w./-]*\b|pytest\b|python3?\s+-m\s+(?:pytest|unittest)\b|go\s+(?:test|vet|build)\b|cargo\s+(?:test|check|build|clippy)\b|tsc\b|make\s+(?:test|check)\b|mix\s+test\b)/;
const WRITING_FLAGS = /\s-(delete|exec|execdir|ok|fprint\w*)\b|\s--output\b/;
const HARMLESS_REDIRECTS = /2>&1|[12]?>\s*\/dev\/null/g;
const FILTERS = /^(cat|head|tail|grep|rg|ls|echo|wc|sort|uniq|nl|cut|tr|awk|sed\s+-n|jq|column|less|more|find|tree|xargs\s+(grep|wc|ls|cat|head))\b/;

/** `cd dir && cmd` runs cmd in dir: the cd is part of the envelope, not of what the command does. */
function stripCd(cmd: string): string {
  return cmd.replace(/^\s*cd\s+("[^"]*"|'[^']*'|\S+)\s*(&&|;)\s*/, '').trim();
}

/** What a shell line does: read one file, list, search, write (or may write), or run something. */
export function shellAction(command: string): Omit<ToolAction, 'family'> {
  const c = stripCd(command).replace(/\s+/g, ' ').trim();
  // a long command (a heredoc patch) keeps its opening and a hash of the whole, so two differ when their ends do
  const target = c.length > TARGET_LIMIT ? `${c.slice(0, TARGET_LIMIT)} #${shortHash(c).slice(0, 12)}` : c;
  const bare = c.replace(/'[^']*'/g, "''").replace(/"[^"$`\\]*"/g, '""').replace(HARMLESS_REDIRECTS, '');
  if (/[;&|`$<>(){}]|\n/.test(bare)) {
    // a read-only command piped into filters (`grep -rn x . | head`, `ls | wc -l`) writes nothing; anything else might
    const stages = bare.split('|').map((p) => p.trim());
    const checkThenFilters = stages.length > 1 && CHECK_CMD.test(stages[0] ?? '') && stages.slice(1).every((p) => FILTERS.test(p));
    if (!/[;&`$<>(){}]|\n/.test(bare) && checkThenFilters) return { verb: 'run', target, paths: [], writes: 'no' };
    if (!/[;&`$<>(){}]|\n/.test(bare) && stages.every((p) => FILTERS.test(p) && !WRITING_FLAGS.test(` ${p}`))) {
      const first = stages[0] ?? '';
      const verb: ToolVerb = SEARCH_CMD.test(first) ? 'search' : LIST_CMD.test(first) ? 'list' : 'read';
      return { verb, target, paths: [], writes: 'no' };
    }
    return { verb: 'run', target, paths: [], writes: 'maybe' };
  }
  const read = SIMPLE_READ.exec(c);
  if (read?.[3]) return { verb: 'read', target, paths: [read[3]], writes: 'no' };
  const sed = SED_PRINT.exec(c);
  if (sed?.[3]) return { verb: 'read', target, paths: [sed[3]], writes: 'no' };
  if (SEARCH_CMD.test(c)) return { verb: 'search', target, paths: [], writes: 'no' };
  if (LIST_CMD.test(c) && !WRITING_FLAGS.test(c)) return { verb: 'list', target, paths: [], writes: 'no' };
  if (READ_ONLY_CMD.test(c) && !WRITING_FLAGS.test(c)) return { verb: 'read', target, paths: [], writes: 'no' };
  if (CHECK_CMD.test(c)) return { verb: 'run', target, paths: [], writes: 'no' };
  const mk = /^(mkdir|touch)\s+(?:-p\s+)?([\w./@+~-]+)/.exec(c);
  if (mk?.[2]) return { verb: 'write', target, paths: [mk[2]], writes: 'yes' };
  return { verb: 'run', target, paths: [], writes: 'maybe' };
}

/** Paths a patch (Codex / OpenClaw apply_patch, unified diff) touches. */
function patchPaths(text: string): string[] {
  const paths = new Set<string>();
  for (const m of text.matchAll(/^\*\*\* (?:Add|Update|Delete) File: (.+)$|^\*\*\* Move to: (.+)$|^\+\+\+ (?:b\/)?(.+)$/gm)) {
    const p = (m[1] ?? m[2] ?? m[3] ?? '').trim();
    if (p && p !== '/dev/null') paths.add(p);
  }
  return [...paths];
}

const cut = (s: string): string => s.replace(/\s+/g, ' ').trim().slice(0, TARGET_LIMIT);

/** A write's target: the path and what is written (two edits of one file are two different writes). */
const writeTarget = (path: string | null, args: string): string => `${cut(path ?? '')} #${shortHash(args).slice(0, 12)}`;

/** What a tool call does, from its name and FULL arguments (call before the arguments are cut). */
export function describeToolCall(name: string, args: string): ToolAction {
  const family = toolFamily(name);
  const a = parseArgs(args);
  const p = pathArg(a);
  switch (family) {
    case 'shell': {
      const cmd = shellCommandOf(a, args);
      if (name.toLowerCase() === 'write_stdin' || cmd === null) return { family, verb: 'run', target: cut(str(a['chars']) ?? args), paths: [], writes: 'maybe' };
      return { family, ...shellAction(cmd) };
    }
    case 'read': {
      const range = RANGE_KEYS.filter((k) => a[k] !== undefined).map((k) => `${k}=${JSON.stringify(a[k])}`).join(' ');
      const paths = p ? [p] : Array.isArray(a['paths']) ? a['paths'].filter((x): x is string => typeof x === 'string') : [];
      return { family, verb: 'read', target: cut(`${paths.join(' ')}${range ? ` ${range}` : ''}`), paths, writes: 'no' };
    }
    case 'write':
      return { family, verb: 'write', target: writeTarget(p, args), paths: p ? [p] : [], writes: p ? 'yes' : 'maybe' };
    case 'edit': {
      const n = name.toLowerCase();
      if ((n === 'str_replace_editor' || n === 'str_replace_based_edit_tool') && a['command'] === 'view' && p) {
        return { family: 'read', verb: 'read', target: cut(`${p} ${JSON.stringify(a['view_range'] ?? '')}`), paths: [p], writes: 'no' };
      }
      if (n === 'apply_patch' || n === 'patch') {
        const text = str(a['input']) ?? str(a['patchText']) ?? str(a['patch']) ?? args;
        const paths = patchPaths(text);
        return { family, verb: 'write', target: writeTarget(paths.join(' '), text), paths, writes: paths.length ? 'yes' : 'maybe' };
      }
      return { family, verb: 'write', target: writeTarget(p, args), paths: p ? [p] : [], writes: p ? 'yes' : 'maybe' };
    }
    case 'search': {
      const pattern = str(a['pattern']) ?? str(a['query']) ?? str(a['regex']) ?? str(a['glob']) ?? str(a['name']) ?? '';
      const where = p ?? str(a['include']) ?? str(a['glob']) ?? '';
      return { family, verb: 'search', target: cut(`${pattern} in ${where}`), paths: [], writes: 'no' };
    }
    case 'list':
      return { family, verb: 'list', target: cut(p ?? '.'), paths: p ? [p] : [], writes: 'no' };
    case 'fetch':
      return { family, verb: 'read', target: cut(str(a['url']) ?? str(a['query']) ?? args), paths: [], writes: 'no' };
    case 'plan':
      return { family, verb: 'plan', target: name.toLowerCase(), paths: [], writes: 'no' };
    case 'spawn':
      // what a sub-agent writes shows up as its own calls: the launch itself writes nothing
      return { family, verb: 'spawn', target: cut(str(a['description']) ?? str(a['task']) ?? str(a['prompt']) ?? str(a['message']) ?? args), paths: [], writes: 'no' };
    case 'wait':
      return { family, verb: 'wait', target: cut(args), paths: [], writes: 'no' };
    default:
      return { family, verb: 'other', target: cut(args), paths: p ? [p] : [], writes: 'maybe' };
  }
}
