import path from 'node:path';
import type { ImportFormat } from '../common/types.js';
import { geminiRoots } from './paths.js';

/** Gemini CLI chat recordings (`~/.gemini/tmp/<hash>/chats/session-*.json[l]`, sub-agents in `chats/<id>/`). */
export const geminiFormat: ImportFormat = {
  name: 'gemini',
  defaultRoots: geminiRoots,
  looksLike(file, head) {
    const ext = path.extname(file);
    if (ext !== '.json' && ext !== '.jsonl') return false;
    if (!file.split(path.sep).includes('chats') && !/"projectHash"/.test(head)) return false;
    return /"sessionId"\s*:/.test(head) && (/"projectHash"/.test(head) || /"messages"/.test(head));
  },
  // ~/.gemini/tmp also holds logs.json, checkpoints and shell history: only chat recordings are its session logs
  claimsFile: (file) => file.split(path.sep).includes('chats'),
  // loaded when an import runs, not when a report only checks whether the logs changed
  group: async (files) => (await import('./group.js')).groupGemini(files),
  parse: async (unit, skips) => (await import('./parse.js')).parseGemini(unit, skips),
};
