import fs from 'node:fs';
import path from 'node:path';
import type { ImportEnv } from '../common/types.js';

/**
 * Where OpenClaw keeps sessions, for every agent: `~/.openclaw/agents/<agentId>/sessions/` (JSONL, before 2026.9)
 * and `~/.openclaw/agents/<agentId>/agent/` (the SQLite session store).
 */
export function openclawRoots(e: ImportEnv): string[] {
  const agents = path.join(e.homedir, '.openclaw', 'agents');
  let names: string[] = [];
  try {
    names = fs.readdirSync(agents);
  } catch (err) {
    if (!(err instanceof Error && 'code' in err)) throw err;
  }
  return names.flatMap((n) => [path.join(agents, n, 'sessions'), path.join(agents, n, 'agent')]);
}
