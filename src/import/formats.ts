import { claudeCodeFormat } from './claude-code/index.js';
import { codexFormat } from './codex/index.js';
import { geminiFormat } from './gemini/index.js';
import { openclawFormat } from './openclaw/index.js';
import type { FormatName, ImportFormat } from './common/types.js';

/** Every importer, in detection order (the most specific first line first; Claude Code's is the loosest). */
export const IMPORT_FORMATS: readonly ImportFormat[] = [codexFormat, openclawFormat, geminiFormat, claudeCodeFormat];

export function formatByName(name: FormatName): ImportFormat {
  const f = IMPORT_FORMATS.find((x) => x.name === name);
  if (!f) throw new Error(`no importer for ${name}`);
  return f;
}
