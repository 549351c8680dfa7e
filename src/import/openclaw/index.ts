import path from 'node:path';
import { headObjects } from '../common/jsonl.js';
import type { ImportFormat } from '../common/types.js';
import { openclawRoots } from './paths.js';
import { looksLikeStore } from './sqlite-store.js';

/**
 * OpenClaw sessions: JSONL transcripts (`~/.openclaw/agents/<agent>/sessions/<session>.jsonl`), or since 2026.9 the
 * SQLite store that holds them (`~/.openclaw/agents/<agent>/agent/openclaw-agent.sqlite`).
 */
export const openclawFormat: ImportFormat = {
  name: 'openclaw',
  defaultRoots: openclawRoots,
  looksLike(file, head) {
    if (looksLikeStore(file, head)) return true;
    if (path.extname(file) !== '.jsonl') return false;
    const [first] = headObjects(head, 1);
    const r = typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : {};
    return r['type'] === 'session' && typeof r['id'] === 'string';
  },
  // loaded when an import runs, not when a report only checks whether the logs changed
  group: async (files) => (await import('./group.js')).groupOpenclaw(files),
  parse: async (unit, skips) => (await import('./parse.js')).parseOpenclaw(unit, skips),
};
