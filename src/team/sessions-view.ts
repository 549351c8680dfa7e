import Table from 'cli-table3';
import { fmtCost, fmtUsd } from '../report/format.js';
import type { TeamSessionRow } from './read.js';

/** `sessions --from clickhouse://…`: the team's sessions, newest first, with who ran them. */
export function renderTeamSessions(rows: readonly TeamSessionRow[]): string {
  const table = new Table({ style: { head: [], border: [] }, head: ['started (UTC)', 'user', 'project', 'agent', 'model', 'session', 'calls', 'cost', 'wasted', 'outcome'] });
  for (const r of rows) {
    const name = r.label ?? (r.firstPrompt ? r.firstPrompt.replace(/\s+/g, ' ').slice(0, 40) : r.id);
    table.push([
      new Date(r.startedAt).toISOString().slice(0, 16).replace('T', ' '),
      r.user,
      r.repo || r.project,
      r.agent ?? '-',
      r.mainModel ?? '-',
      name,
      String(r.calls),
      fmtCost(r.calls === r.unpricedCalls && r.calls > 0 ? null : r.costUsd, r.unpricedCalls, r.estimatedCalls),
      r.flags > 0 ? fmtUsd(r.wastedUsd) : '-',
      r.outcome,
    ]);
  }
  return `${table.toString()}\n${rows.length} session(s)\n`;
}
