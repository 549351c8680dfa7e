import crypto from 'node:crypto';
import { OutcomeSchema, SessionSchema, type Outcome, type Session } from '../domain/session.js';
import { cached, type Db } from './db.js';

export class SessionNotFound extends Error {}

export interface SessionRow {
  id: string;
  label: string | null;
  tags_json: string;
  source: string;
  command_json: string;
  cwd: string | null;
  agent_name: string | null;
  agent_version: string | null;
  git_commit: string | null;
  git_branch: string | null;
  git_dirty: number | null;
  started_at: number;
  ended_at: number | null;
  exit_code: number | null;
  signal: string | null;
  stopped_reason: string | null;
  outcome_status: string;
  outcome_source: string;
  outcome_evidence: string | null;
  source_path: string | null;
}

export function newSessionId(): string {
  return crypto.randomBytes(6).toString('hex');
}

/** A sessions row as the domain's Session (other repositories that join sessions read it the same way). */
export function fromSessionRow(r: SessionRow): Session {
  return SessionSchema.parse({
    id: r.id,
    label: r.label,
    tags: JSON.parse(r.tags_json) as unknown,
    source: r.source,
    command: JSON.parse(r.command_json) as unknown,
    cwd: r.cwd,
    agentName: r.agent_name,
    agentVersion: r.agent_version,
    gitCommit: r.git_commit,
    gitBranch: r.git_branch,
    gitDirty: r.git_dirty === null ? null : r.git_dirty !== 0,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    exitCode: r.exit_code,
    signal: r.signal,
    stoppedReason: r.stopped_reason,
    outcome: { status: r.outcome_status, source: r.outcome_source, evidence: r.outcome_evidence },
    sourcePath: r.source_path,
  });
}

export function insertSession(db: Db, s: Session, naturalKey: string | null = null): void {
  cached(
    db,
    `INSERT INTO sessions (id, label, tags_json, source, command_json, cwd, agent_name, agent_version, git_commit,
       git_branch, git_dirty, started_at, ended_at, exit_code, signal, stopped_reason, outcome_status, outcome_source,
       outcome_evidence, source_path, natural_key)
     VALUES (@id, @label, @tags, @source, @command, @cwd, @agentName, @agentVersion, @gitCommit, @gitBranch, @gitDirty,
       @startedAt, @endedAt, @exitCode, @signal, @stoppedReason, @oStatus, @oSource, @oEvidence, @sourcePath, @naturalKey)`,
  ).run({
    ...s,
    tags: JSON.stringify(s.tags),
    command: JSON.stringify(s.command),
    gitDirty: s.gitDirty === null ? null : s.gitDirty ? 1 : 0,
    oStatus: s.outcome.status,
    oSource: s.outcome.source,
    oEvidence: s.outcome.evidence,
    naturalKey,
  });
}

export function finishSession(
  db: Db,
  id: string,
  end: { endedAt: number; exitCode: number | null; signal: string | null; stoppedReason?: string | null },
): void {
  db.prepare(
    `UPDATE sessions SET ended_at = ?, exit_code = ?, signal = ?, stopped_reason = COALESCE(?, stopped_reason) WHERE id = ?`,
  ).run(end.endedAt, end.exitCode, end.signal, end.stoppedReason ?? null, id);
}

export function setAgent(db: Db, id: string, name: string | null, version: string | null): void {
  db.prepare(`UPDATE sessions SET agent_name = ?, agent_version = ? WHERE id = ?`).run(name, version, id);
}

export function setOutcome(db: Db, id: string, outcome: Outcome): void {
  const o = OutcomeSchema.parse(outcome);
  db.prepare(`UPDATE sessions SET outcome_status = ?, outcome_source = ?, outcome_evidence = ? WHERE id = ?`).run(
    o.status,
    o.source,
    o.evidence,
    id,
  );
}

export function getSession(db: Db, id: string): Session | null {
  const row = db.prepare(`SELECT * FROM sessions WHERE id = ?`).get(id) as SessionRow | undefined;
  return row ? fromSessionRow(row) : null;
}

export function listSessions(db: Db, opts: { limit?: number; since?: number } = {}): Session[] {
  const rows = db
    .prepare(`SELECT * FROM sessions WHERE started_at >= ? ORDER BY started_at DESC, id LIMIT ?`)
    .all(opts.since ?? 0, opts.limit ?? -1) as SessionRow[];
  return rows.map(fromSessionRow);
}

/**
 * Resolves what a user typed to one session: `last`, a full id, a unique id prefix, or a label (newest wins).
 * Throws SessionNotFound with a one-line message otherwise.
 */
export function resolveSession(db: Db, selector: string): Session {
  const sel = selector.trim();
  if (sel === '') throw new SessionNotFound('empty session selector');
  if (sel === 'last') {
    const row = db.prepare(`SELECT * FROM sessions ORDER BY started_at DESC, id DESC LIMIT 1`).get() as
      | SessionRow
      | undefined;
    if (!row) throw new SessionNotFound('no sessions recorded yet');
    return fromSessionRow(row);
  }
  const exact = getSession(db, sel);
  if (exact) return exact;
  const byPrefix = db
    .prepare(`SELECT * FROM sessions WHERE substr(id, 1, ?) = ? LIMIT 2`)
    .all(sel.length, sel) as SessionRow[];
  if (byPrefix.length === 1 && byPrefix[0]) return fromSessionRow(byPrefix[0]);
  if (byPrefix.length > 1) throw new SessionNotFound(`session id prefix '${sel}' is ambiguous; type more of it`);
  const byLabel = db
    .prepare(`SELECT * FROM sessions WHERE label = ? ORDER BY started_at DESC LIMIT 1`)
    .get(sel) as SessionRow | undefined;
  if (byLabel) return fromSessionRow(byLabel);
  const near = db
    .prepare(`SELECT DISTINCT label FROM sessions WHERE substr(label, 1, ?) = ? ORDER BY label LIMIT 4`)
    .all(sel.length, sel) as { label: string }[];
  const hint = near.length > 0 ? `labels starting with it: ${near.map((r) => r.label).join(', ')}` : `try 'clawtrace sessions'`;
  throw new SessionNotFound(`no session matches '${sel}' (${hint})`);
}

/** The session an importer created for a natural key before (re-imports update it instead of adding another). */
export function sessionIdByNaturalKey(db: Db, key: string): string | null {
  const row = db.prepare(`SELECT id FROM sessions WHERE natural_key = ?`).get(key) as { id: string } | undefined;
  return row?.id ?? null;
}

export function updateImportedSession(db: Db, id: string, s: { startedAt: number; endedAt: number; agentVersion: string | null; sourcePath: string }): void {
  db.prepare(`UPDATE sessions SET started_at = ?, ended_at = ?, agent_version = COALESCE(?, agent_version), source_path = ? WHERE id = ?`).run(
    s.startedAt,
    s.endedAt,
    s.agentVersion,
    s.sourcePath,
    id,
  );
}

/** The process that records a session: its pid, and its start time where the OS tells (pids are reused). */
export interface RecorderOwner {
  pid: number;
  start: string | null;
}

export function setRecorderOwner(db: Db, id: string, owner: RecorderOwner): void {
  cached(db, `UPDATE sessions SET recorder_pid = ?, recorder_start = ? WHERE id = ?`).run(owner.pid, owner.start, id);
}

export function recorderOwner(db: Db, id: string): RecorderOwner | null {
  const row = db.prepare(`SELECT recorder_pid AS pid, recorder_start AS start FROM sessions WHERE id = ?`).get(id) as
    | { pid: number | null; start: string | null }
    | undefined;
  return row && row.pid !== null ? { pid: row.pid, start: row.start } : null;
}

/** Sessions still open whose recorder is known: candidates for closing when that recorder is gone. */
export function openRecordedSessions(db: Db): { id: string; owner: RecorderOwner }[] {
  const rows = db
    .prepare(`SELECT id, recorder_pid AS pid, recorder_start AS start FROM sessions WHERE ended_at IS NULL AND recorder_pid IS NOT NULL`)
    .all() as { id: string; pid: number; start: string | null }[];
  return rows.map((r) => ({ id: r.id, owner: { pid: r.pid, start: r.start } }));
}

/** Closes a session its recorder left open (it died): ended when its last exchange ended, with the reason. */
export function closeAbandonedSession(db: Db, id: string, reason: string): void {
  db.prepare(
    `UPDATE sessions SET ended_at = COALESCE((SELECT MAX(COALESCE(ended_at, started_at)) FROM exchanges WHERE session_id = sessions.id), started_at),
       stopped_reason = COALESCE(stopped_reason, ?) WHERE id = ? AND ended_at IS NULL`,
  ).run(reason, id);
}

/** What a proxy session learned about its client process: its command line (already masked) and folder. */
export function setSessionOrigin(db: Db, id: string, origin: { command: string[]; cwd: string | null }): void {
  cached(db, `UPDATE sessions SET command_json = ?, cwd = COALESCE(?, cwd) WHERE id = ?`).run(JSON.stringify(origin.command), origin.cwd, id);
}
