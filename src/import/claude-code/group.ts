import fs from 'node:fs';
import path from 'node:path';
import { headObjects, readHeadLines } from '../common/jsonl.js';
import type { ImportUnit } from '../common/types.js';

const AGENT_FILE = /^agent-(.+)\.jsonl$/;

/** The agent id a sub-agent transcript's name carries (`agent-<id>.jsonl`), or null for a session file. */
export function agentIdOfFile(file: string): string | null {
  return AGENT_FILE.exec(path.basename(file))?.[1] ?? null;
}

/** Claude Code names its compaction runs' transcripts `agent-acompact-<id>.jsonl`: not sub-agents. */
export function isCompactionAgent(agentId: string): boolean {
  return agentId.startsWith('acompact');
}

/** The parent session of a sub-agent file: from a `<session>/subagents/` folder, else its lines' sessionId. */
function parentSessionOf(file: string): string | null {
  const parts = file.split(path.sep);
  const i = parts.lastIndexOf('subagents');
  if (i > 0) return parts[i - 1] ?? null;
  for (const o of headObjects(readHeadLines(file, 20), 20)) {
    if (typeof o === 'object' && o !== null && typeof (o as Record<string, unknown>)['sessionId'] === 'string') {
      return (o as Record<string, string>)['sessionId'] ?? null;
    }
  }
  return null;
}

/**
 * Groups Claude Code files into sessions, for all three layouts: `<session>.jsonl` alone (sub-agents inline as
 * sidechain lines), `agent-*.jsonl` beside it (linked by the lines' sessionId), and
 * `<session>/subagents/[workflows/<id>/]agent-*.jsonl` with `.meta.json` side files.
 */
export async function groupClaudeCode(files: readonly string[]): Promise<ImportUnit[]> {
  const units = new Map<string, { main: string | null; agents: string[]; side: string[] }>();
  const unitFor = (key: string): { main: string | null; agents: string[]; side: string[] } => {
    let u = units.get(key);
    if (!u) units.set(key, (u = { main: null, agents: [], side: [] }));
    return u;
  };
  for (const file of files) {
    if (agentIdOfFile(file) !== null) {
      const u = unitFor(parentSessionOf(file) ?? file);
      u.agents.push(file);
      const meta = file.replace(/\.jsonl$/, '.meta.json');
      if (fs.existsSync(meta)) u.side.push(meta);
    } else {
      const u = unitFor(path.basename(file, '.jsonl'));
      if (u.main === null) u.main = file;
      else u.agents.push(file);
    }
  }
  return [...units.entries()].map(([key, u]) => {
    const agents = [...u.agents].sort();
    return { format: 'claude-code' as const, key, files: u.main ? [u.main, ...agents] : agents, sideFiles: u.side };
  });
}
