import path from 'node:path';
import { headObjects } from '../common/jsonl.js';
import type { ImportFormat } from '../common/types.js';
import { claudeCodeRoots } from './paths.js';

const CC_TYPES = new Set(['user', 'assistant', 'summary', 'system', 'progress', 'file-history-snapshot', 'queue-operation']);

/** Claude Code transcripts (`~/.claude/projects/<project>/<session>.jsonl` and sub-agent files). */
export const claudeCodeFormat: ImportFormat = {
  name: 'claude-code',
  defaultRoots: claudeCodeRoots,
  looksLike(file, head) {
    if (path.extname(file) !== '.jsonl') return false;
    return headObjects(head).some((o) => {
      if (typeof o !== 'object' || o === null) return false;
      const r = o as Record<string, unknown>;
      return typeof r['type'] === 'string' && CC_TYPES.has(r['type']) && ('sessionId' in r || 'leafUuid' in r || 'uuid' in r || 'messageId' in r);
    });
  },
  // loaded when an import runs, not when a report only checks whether the logs changed
  group: async (files) => (await import('./group.js')).groupClaudeCode(files),
  parse: async (unit, skips) => (await import('./parse.js')).parseClaudeCode(unit, skips),
};
