import fs from 'node:fs';
import path from 'node:path';
import type { ImportEnv } from '../common/types.js';

/** Where OpenClaw keeps sessions: `~/.openclaw/agents/<agentId>/sessions/` for every agent. */
export function openclawRoots(e: ImportEnv): string[] {
  const agents = path.join(e.homedir, '.openclaw', 'agents');
  let names: string[] = [];
  try {
    names = fs.readdirSync(agents);
  } catch (err) {
    if (!(err instanceof Error && 'code' in err)) throw err;
  }
  return names.map((n) => path.join(agents, n, 'sessions'));
}
