import path from 'node:path';
import { headObjects } from '../common/jsonl.js';
import type { ImportFormat } from '../common/types.js';
import { codexRoots } from './paths.js';

const SESSION_META_OPENING = /^\{"timestamp":"[^"]{0,40}",(?:"ordinal":\d+,)?"type":"session_meta"/;

/** Codex CLI rollouts (`~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl`). */
export const codexFormat: ImportFormat = {
  name: 'codex',
  defaultRoots: codexRoots,
  looksLike(file, head) {
    if (path.extname(file) !== '.jsonl') return false;
    // Codex >= 0.16x puts its whole base prompt in session_meta: the first line outgrows the head, so its opening
    // (`{"timestamp":…,"ordinal":0,"type":"session_meta"`) is what tells
    if (SESSION_META_OPENING.test(head.slice(0, 200))) return true;
    return headObjects(head, 3).some(
      (o) => typeof o === 'object' && o !== null && (o as Record<string, unknown>)['type'] === 'session_meta',
    );
  },
  // loaded when an import runs, not when a report only checks whether the logs changed
  group: async (files) => (await import('./group.js')).groupCodex(files),
  parse: async (unit, skips) => (await import('./parse.js')).parseCodex(unit, skips),
};
