import { ALLOWED_WORDS } from './templates.js';

/**
 * Rule text must be an instruction any future task can follow: no paths, file names, numbers, quoted strings or ids
 * from the sessions it was learned from. Templates only interpolate tool names; this guard checks the result anyway.
 */
const FORBIDDEN: [RegExp, string][] = [
  [/[\w-]+\/[\w./-]+/, 'a path'],
  [/\b[\w-]+\.(js|ts|py|go|rs|java|rb|json|ya?ml|md|txt|toml|sh|c|h|cpp|css|html|lock)\b/i, 'a file name'],
  [/\d{2,}/, 'a number'],
  [/["'`]/, 'a quoted string'],
  [/\b[0-9a-f]{8,}\b/i, 'an id'],
  [/\b(sk|ghp|xox[bp]|AKIA)[\w-]{6,}/, 'a credential'],
];

/** The part of a rule's text that ties it to one task (a path, a file name, a number, a quote, an id), or null. */
export function taskSpecificPart(text: string): string | null {
  // ecosystem names every project shares (node_modules, .venv, vendor, ...) are not task-specific
  let t = text;
  for (const w of ALLOWED_WORDS) t = t.split(w).join('x');
  for (const [re, what] of FORBIDDEN) if (re.test(t)) return what;
  return null;
}

/** A tool name as it may appear in a rule: letters, digits, dots, underscores and dashes only. */
export function toolWord(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_.:-]/g, '');
  return clean.length > 0 && clean.length <= 32 ? clean : 'tool';
}
