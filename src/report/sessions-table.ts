import Table from 'cli-table3';
import type { Db } from '../store/db.js';
import type { Session } from '../domain/session.js';
import { compileSession } from '../compile/compile-session.js';
import type { PriceTable } from '../compile/pricing/rates.js';
import { fmtCost, fmtDuration, fmtTokens } from './format.js';
import { maskArgv } from '../util/secrets.js';

export interface SessionRow {
  id: string;
  started: string;
  label: string | null;
  source: Session['source'];
  agent: string | null;
  command: string;
  duration_ms: number | null;
  llm_calls: number;
  tokens: number;
  cost_usd: number | null;
  unpriced_calls: number;
  estimated_calls: number;
  exit_code: number | null;
  outcome: string;
}

/** One row per session with its call, token and cost totals (compiled the same way as its card). */
export function sessionRows(db: Db, sessions: readonly Session[], table: PriceTable): SessionRow[] {
  return sessions.map((s) => {
    const t = compileSession(db, s.id, table).card.totals;
    return {
      id: s.id,
      started: new Date(s.startedAt).toISOString(),
      label: s.label,
      source: s.source,
      agent: s.agentName,
      command: maskArgv(s.command).join(' ') || (s.sourcePath ?? ''),
      duration_ms: s.endedAt === null ? null : s.endedAt - s.startedAt,
      llm_calls: t.llm_calls,
      tokens: t.tokens.input + t.tokens.output,
      cost_usd: t.cost.total_usd,
      unpriced_calls: t.cost.unpriced_calls,
      estimated_calls: t.cost.estimated_calls,
      exit_code: s.exitCode,
      outcome: s.outcome.status,
    };
  });
}

function cut(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** The sessions table; `~` marks estimated figures and "+N unpriced" counts calls whose model has no price. */
export function renderSessionsTable(rows: readonly SessionRow[]): string {
  if (rows.length === 0) return 'no sessions yet: run `clawtrace record -- <agent command>` or `clawtrace import`\n';
  const table = new Table({
    head: ['id', 'started (UTC)', 'label', 'command', 'duration', 'calls', 'tokens', 'cost', 'exit', 'outcome'],
    style: { head: [], border: [] },
  });
  for (const r of rows) {
    table.push([
      r.id,
      r.started.slice(0, 19).replace('T', ' '),
      r.label ?? '',
      cut(r.command || (r.source === 'proxy' ? `(via clawtrace proxy${r.agent ? `: ${r.agent}` : ''})` : ''), 36),
      fmtDuration(r.duration_ms),
      String(r.llm_calls),
      `${r.estimated_calls > 0 ? '~' : ''}${fmtTokens(r.tokens)}`,
      fmtCost(r.cost_usd, r.unpriced_calls, r.estimated_calls),
      r.exit_code === null ? '-' : String(r.exit_code),
      r.outcome,
    ]);
  }
  return `${table.toString()}\n`;
}
