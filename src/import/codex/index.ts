import path from 'node:path';
import { headObjects } from '../common/jsonl.js';
import type { ImportFormat } from '../common/types.js';
import { groupCodex } from './group.js';
import { parseCodex } from './parse.js';
import { codexRoots } from './paths.js';

/** Codex CLI rollouts (`~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl`). */
export const codexFormat: ImportFormat = {
  name: 'codex',
  defaultRoots: codexRoots,
  looksLike(file, head) {
    if (path.extname(file) !== '.jsonl') return false;
    return headObjects(head, 3).some(
      (o) => typeof o === 'object' && o !== null && (o as Record<string, unknown>)['type'] === 'session_meta',
    );
  },
  group: groupCodex,
  parse: parseCodex,
};
