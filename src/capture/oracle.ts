import { spawnSync } from 'node:child_process';
import type { Outcome } from '../domain/session.js';

const TAIL_CHARS = 2000;

/**
 * Runs the user's oracle command (e.g. `npm test`) after the agent exits and turns its exit status into the
 * session's outcome, with the tail of its output as evidence. The oracle's output is shown to the user as it runs.
 */
export function runOracle(command: string, cwd: string, env: NodeJS.ProcessEnv): Outcome {
  const r = spawnSync(command, { cwd, env, shell: true, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.stdout) process.stderr.write(r.stdout);
  if (r.stderr) process.stderr.write(r.stderr);
  const tail = out.length > TAIL_CHARS ? `…${out.slice(-TAIL_CHARS)}` : out;
  if (r.error) return { status: 'failure', source: 'oracle', evidence: `oracle \`${command}\` could not run: ${r.error.message}` };
  const ok = r.status === 0;
  return {
    status: ok ? 'success' : 'failure',
    source: 'oracle',
    evidence: `\`${command}\` exited ${r.status ?? r.signal}${tail.trim() ? `:\n${tail.trimEnd()}` : ''}`,
  };
}
