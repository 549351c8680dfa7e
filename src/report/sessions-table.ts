import Table from 'cli-table3';
import type { Db } from '../store/db.js';
import type { Session } from '../domain/session.js';
import { listCalls } from '../store/calls-repo.js';
import { totalTokens } from '../domain/usage.js';
import { fmtDuration, fmtTokens } from './format.js';

export interface SessionRow {
  id: string;
  started: string;
  label: string | null;
  agent: string | null;
  command: string;
  duration_ms: number | null;
  llm_calls: number;
  tokens: number;
  estimated_calls: number;
  exit_code: number | null;
  outcome: string;
}

/** One row per session with its call and token totals (from the stored normalized calls). */
export function sessionRows(db: Db, sessions: readonly Session[]): SessionRow[] {
  return sessions.map((s) => {
    const calls = listCalls(db, s.id);
    let tokens = 0;
    let estimated = 0;
    for (const c of calls) {
      if (c.call.usage) tokens += totalTokens(c.call.usage);
      if (c.call.usage?.estimated) estimated++;
    }
    return {
      id: s.id,
      started: new Date(s.startedAt).toISOString(),
      label: s.label,
      agent: s.agentName,
      command: s.command.join(' ') || (s.sourcePath ?? ''),
      duration_ms: s.endedAt === null ? null : s.endedAt - s.startedAt,
      llm_calls: calls.length,
      tokens,
      estimated_calls: estimated,
      exit_code: s.exitCode,
      outcome: s.outcome.status,
    };
  });
}

function cut(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function renderSessionsTable(rows: readonly SessionRow[]): string {
  if (rows.length === 0) return 'no sessions yet: run `clawtrace record -- <agent command>` or `clawtrace import`\n';
  const table = new Table({
    head: ['id', 'started (UTC)', 'label', 'command', 'duration', 'calls', 'tokens', 'exit', 'outcome'],
    style: { head: [], border: [] },
  });
  for (const r of rows) {
    table.push([
      r.id,
      r.started.slice(0, 19).replace('T', ' '),
      r.label ?? '',
      cut(r.command, 40),
      fmtDuration(r.duration_ms),
      String(r.llm_calls),
      `${r.estimated_calls > 0 ? '~' : ''}${fmtTokens(r.tokens)}`,
      r.exit_code === null ? '-' : String(r.exit_code),
      r.outcome,
    ]);
  }
  return `${table.toString()}\n`;
}
