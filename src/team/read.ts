import { TraceCardSchema, type TraceCard } from '../compile/card/schema.js';
import { sqlString, TeamStoreError, type TeamStore } from './client.js';
import { checkTeamSchema, latestGenerations } from './schema.js';

/** One session as the team store lists it (the latest generation pushed), for `sessions --from clickhouse://…`. */
export interface TeamSessionRow {
  id: string;
  startedAt: number;
  endedAt: number | null;
  label: string | null;
  project: string;
  agent: string | null;
  mainModel: string | null;
  firstPrompt: string | null;
  calls: number;
  costUsd: number;
  unpricedCalls: number;
  estimatedCalls: number;
  wastedUsd: number;
  flags: number;
  outcome: string;
  user: string;
  host: string;
  repo: string;
}

export interface TeamSessionQuery {
  limit?: number;
  /** epoch ms, inclusive */
  since?: number;
  until?: number;
  project?: string;
  user?: string;
}

interface SessionDbRow {
  session_id: string;
  started_ms: string;
  ended_ms: string | null;
  label: string | null;
  project: string;
  agent_name: string;
  main_model: string;
  first_prompt: string | null;
  calls: number | string;
  cost_nusd: string;
  unpriced_calls: number | string;
  estimated_calls: number | string;
  wasted_nusd: string;
  flags: number | string;
  outcome_status: string;
  user: string;
  host: string;
  repo: string;
}

function sessionWhere(store: TeamStore, q: TeamSessionQuery): string {
  const parts = [`(session_id, pushed_at) IN ${latestGenerations(store.database)}`];
  if (q.since !== undefined) parts.push(`started_ms >= ${Math.floor(q.since)}`);
  if (q.until !== undefined) parts.push(`started_ms < ${Math.floor(q.until)}`);
  if (q.project !== undefined) parts.push(`project = ${sqlString(q.project)}`);
  if (q.user !== undefined) parts.push(`user = ${sqlString(q.user)}`);
  return parts.join(' AND ');
}

function limitClause(limit: number | undefined): string {
  if (limit === undefined) return '';
  if (!Number.isInteger(limit) || limit < 1) throw new TeamStoreError(`limit must be a whole number >= 1, got ${limit}`);
  return ` LIMIT ${limit}`;
}

/** Sessions newest first, with the totals computed when they were pushed. */
export async function clickhouseSessions(store: TeamStore, q: TeamSessionQuery = {}): Promise<TeamSessionRow[]> {
  await checkTeamSchema(store);
  const rows = await store.rows<SessionDbRow>(
    `SELECT session_id, toString(started_ms) AS started_ms, toString(ended_ms) AS ended_ms, label, project, agent_name,
            main_model, first_prompt, calls, toString(cost_nusd) AS cost_nusd, unpriced_calls, estimated_calls,
            toString(wasted_nusd) AS wasted_nusd, flags, outcome_status, user, host, repo
     FROM ${store.table('sessions')} WHERE ${sessionWhere(store, q)}
     ORDER BY started_ms DESC, session_id${limitClause(q.limit)}`,
  );
  return rows.map((r) => ({
    id: r.session_id,
    startedAt: Number(r.started_ms),
    endedAt: r.ended_ms === null ? null : Number(r.ended_ms),
    label: r.label,
    project: r.project,
    agent: r.agent_name || null,
    mainModel: r.main_model || null,
    firstPrompt: r.first_prompt,
    calls: Number(r.calls),
    costUsd: Number(r.cost_nusd) / 1e9,
    unpricedCalls: Number(r.unpriced_calls),
    estimatedCalls: Number(r.estimated_calls),
    wastedUsd: Number(r.wasted_nusd) / 1e9,
    flags: Number(r.flags),
    outcome: r.outcome_status,
    user: r.user,
    host: r.host,
    repo: r.repo,
  }));
}

/**
 * Everyone's TraceCards (the latest pushed of each session), for `distill --from` and `compare --from`: the team
 * learns rules from all its sessions. Cards that no longer parse (pushed by a newer clawtrace) are skipped and counted.
 */
export async function clickhouseCards(store: TeamStore, q: TeamSessionQuery & { sessionIds?: string[] } = {}): Promise<{ cards: TraceCard[]; skipped: number }> {
  await checkTeamSchema(store);
  const where = [`(session_id, pushed_at) IN ${latestGenerations(store.database)}`];
  const sessionFilter = sessionWhere(store, q);
  where.push(`session_id IN (SELECT session_id FROM ${store.table('sessions')} WHERE ${sessionFilter})`);
  if (q.sessionIds) where.push(`session_id IN (${q.sessionIds.map(sqlString).join(', ') || "''"})`);
  const rows = await store.rows<{ card: string }>(
    `SELECT card FROM ${store.table('cards')} WHERE ${where.join(' AND ')} ORDER BY started_at DESC, session_id${limitClause(q.limit)}`,
  );
  const cards: TraceCard[] = [];
  let skipped = 0;
  for (const r of rows) {
    const parsed = TraceCardSchema.safeParse(JSON.parse(r.card));
    if (parsed.success) cards.push(parsed.data);
    else skipped++;
  }
  // newest first, as sessions are listed locally (distill's evidence order follows it)
  const at = (c: TraceCard): number => Date.parse(c.session.started);
  cards.sort((a, b) => at(b) - at(a) || (a.session.id < b.session.id ? -1 : a.session.id > b.session.id ? 1 : 0));
  return { cards, skipped };
}
