import type { Db } from '../store/db.js';
import { listCalls } from '../store/calls-repo.js';
import { getSession } from '../store/sessions-repo.js';
import { totalTokens } from '../domain/usage.js';
import { fmtTokens } from './format.js';

/** The one line `record` prints to stderr when the agent is done: calls, tokens, cost, and where to look next. */
export function sessionSummaryLine(db: Db, sessionId: string, recorderErrors: number, logFile: string): string {
  const session = getSession(db, sessionId);
  const calls = listCalls(db, sessionId);
  let tokens = 0;
  let estimated = 0;
  for (const c of calls) {
    if (c.call.usage) tokens += totalTokens(c.call.usage);
    if (c.call.usage?.estimated) estimated++;
  }
  const parts = [
    `session ${sessionId}${session?.label ? ` (${session.label})` : ''}`,
    `${calls.length} LLM call${calls.length === 1 ? '' : 's'}`,
    `${estimated > 0 ? '~' : ''}${fmtTokens(tokens)} tokens`,
  ];
  if (recorderErrors > 0) parts.push(`${recorderErrors} recording error(s), see ${logFile}`);
  return `clawtrace: ${parts.join(' · ')} — clawtrace show ${sessionId}`;
}

export function printSessionSummaryLine(db: Db, sessionId: string, recorderErrors: number, logFile: string): void {
  process.stderr.write(`${sessionSummaryLine(db, sessionId, recorderErrors, logFile)}\n`);
}
