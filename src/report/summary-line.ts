import type { Db } from '../store/db.js';
import { compileSession } from '../compile/compile-session.js';
import type { PriceTable } from '../compile/pricing/rates.js';
import { fmtCost, fmtTokens } from './format.js';

/** The one line `record` prints to stderr when the agent is done: calls, tokens, cost, and where to look next. */
export function sessionSummaryLine(db: Db, sessionId: string, table: PriceTable, recorderErrors: number, logFile: string): string {
  const { session, card } = compileSession(db, sessionId, table);
  const t = card.totals;
  const parts = [
    `session ${sessionId}${session.label ? ` (${session.label})` : ''}`,
    `${t.llm_calls} LLM call${t.llm_calls === 1 ? '' : 's'}`,
    `${t.cost.estimated_calls > 0 ? '~' : ''}${fmtTokens(t.tokens.input + t.tokens.output)} tokens`,
    fmtCost(t.cost.total_usd, t.cost.unpriced_calls, t.cost.estimated_calls),
  ];
  if (session.stoppedReason) parts.push(`stopped (${session.stoppedReason})`);
  if (recorderErrors > 0) parts.push(`${recorderErrors} recording error(s), see ${logFile}`);
  return `clawtrace: ${parts.join(' · ')} — clawtrace show ${sessionId}`;
}
