import { sqlString, TeamStoreError, type TeamStore } from './client.js';

/**
 * The team store's tables, as numbered migrations applied on first push (and recorded in `clawtrace_migrations`).
 * Never edit one that has shipped: add the next. Everything here is SQL that ClickHouse 18.16 (Debian's package)
 * and current releases both accept: `ENGINE … PARTITION BY … ORDER BY`, ReplacingMergeTree(version), DateTime('UTC'),
 * Nullable and Array; no LowCardinality, DateTime64, codecs, TTL or query parameters.
 *
 * Every push of a session writes all of its rows with the same `pushed_at` (ms): the session's generation. Readers
 * take each session's latest generation (see `LATEST`), so pushing twice, or the same session from two machines,
 * never double counts; ReplacingMergeTree on the natural keys folds the older generations away in the background.
 * Calls are ordered by (day, session, call) because every usage report is a range of days; the rest by session.
 */
export interface TeamMigration {
  version: number;
  name: string;
  statements: (db: string) => string[];
}

const WHO = `user String, host String, repo String`;

export const TEAM_MIGRATIONS: readonly TeamMigration[] = [
  {
    version: 1,
    name: 'sessions, calls, steps, cards, flags, raw exchanges',
    statements: (db) => [
      `CREATE TABLE IF NOT EXISTS ${db}.sessions (
        session_id String, pushed_at UInt64, started_at DateTime('UTC'), started_ms Int64, ended_ms Nullable(Int64),
        label Nullable(String), tags String, source String, agent_name String, agent_version Nullable(String),
        project String, cwd Nullable(String), git_commit Nullable(String), git_branch Nullable(String),
        exit_code Nullable(Int32), stopped_reason Nullable(String), outcome_status String, outcome_source String,
        first_prompt Nullable(String), main_model String, calls UInt32, tool_uses UInt32, sub_agents UInt32,
        cost_nusd Int64, unpriced_calls UInt32, estimated_calls UInt32, wasted_nusd Int64, flags UInt32,
        raw_bodies UInt8, ${WHO}
      ) ENGINE = ReplacingMergeTree(pushed_at) PARTITION BY toYYYYMM(started_at) ORDER BY session_id`,
      `CREATE TABLE IF NOT EXISTS ${db}.calls (
        session_id String, call_key String, pushed_at UInt64, day Date, started_at DateTime('UTC'), started_ms Int64,
        call_id Int64, seq Int32, duration_ms Nullable(Int64), project String, agent_name String, agent_id String,
        provider String, model String, auxiliary UInt8, priced UInt8, cost_nusd Int64, estimated UInt8,
        input_uncached UInt64, cache_read UInt64, cache_write UInt64, output UInt64, reasoning UInt64,
        error Nullable(String), ${WHO}
      ) ENGINE = ReplacingMergeTree(pushed_at) PARTITION BY toYYYYMM(day) ORDER BY (day, session_id, call_key)`,
      `CREATE TABLE IF NOT EXISTS ${db}.steps (
        session_id String, step_id String, pushed_at UInt64, started_at DateTime('UTC'), agent_id String, kind String,
        name String, args Nullable(String), tok_in UInt64, tok_out UInt64, cost_usd Nullable(Float64),
        carried_usd Nullable(Float64), dur_ms Nullable(Int64), role Nullable(String), aux Nullable(String),
        error Nullable(String)
      ) ENGINE = ReplacingMergeTree(pushed_at) PARTITION BY toYYYYMM(started_at) ORDER BY (session_id, step_id)`,
      `CREATE TABLE IF NOT EXISTS ${db}.cards (
        session_id String, pushed_at UInt64, started_at DateTime('UTC'), outcome_status String, total_usd Float64,
        direct_usd Float64, auxiliary_usd Float64, carried_usd Float64, unpriced_calls UInt32, estimated_calls UInt32,
        llm_calls UInt32, tool_uses UInt32, tool_errors UInt32, sub_agents UInt32, wasted_usd Float64, card String,
        ${WHO}
      ) ENGINE = ReplacingMergeTree(pushed_at) PARTITION BY toYYYYMM(started_at) ORDER BY session_id`,
      `CREATE TABLE IF NOT EXISTS ${db}.flags (
        session_id String, idx UInt32, pushed_at UInt64, started_at DateTime('UTC'), kind String, target String,
        steps Array(String), wasted_usd Nullable(Float64), evidence String, ${WHO}
      ) ENGINE = ReplacingMergeTree(pushed_at) PARTITION BY toYYYYMM(started_at) ORDER BY (session_id, idx)`,
      `CREATE TABLE IF NOT EXISTS ${db}.raw_exchanges (
        session_id String, seq Int32, pushed_at UInt64, started_at DateTime('UTC'), reason String, route String,
        method String, path String, status Nullable(Int32), state String, request_bytes UInt64, response_bytes UInt64,
        request_body String, response_body String
      ) ENGINE = ReplacingMergeTree(pushed_at) PARTITION BY toYYYYMM(started_at) ORDER BY (session_id, seq)`,
    ],
  },
];

export const TEAM_SCHEMA_VERSION = TEAM_MIGRATIONS[TEAM_MIGRATIONS.length - 1]?.version ?? 0;

/** The latest generation of every session: `WHERE (session_id, pushed_at) IN ${LATEST(db)}`. */
export function latestGenerations(db: string): string {
  return `(SELECT session_id, max(pushed_at) FROM ${db}.sessions GROUP BY session_id)`;
}

/**
 * Creates the database and applies every migration it has not seen. Safe to run from two machines at once: each
 * statement is idempotent and the bookkeeping table folds duplicate rows.
 */
export async function migrateTeamStore(store: TeamStore): Promise<number> {
  const db = store.database;
  await store.command(`CREATE DATABASE IF NOT EXISTS ${db}`);
  await store.command(
    `CREATE TABLE IF NOT EXISTS ${db}.clawtrace_migrations (version UInt32, name String, applied_at DateTime('UTC'))
     ENGINE = ReplacingMergeTree ORDER BY version`,
  );
  const done = await store.rows<{ v: number | string }>(`SELECT max(version) AS v FROM ${db}.clawtrace_migrations`);
  const current = Number(done[0]?.v ?? 0);
  if (current > TEAM_SCHEMA_VERSION) {
    throw new TeamStoreError(`the team store's schema (version ${current}) is newer than this clawtrace understands (${TEAM_SCHEMA_VERSION}): upgrade clawtrace`);
  }
  for (const m of TEAM_MIGRATIONS) {
    if (m.version <= current) continue;
    for (const sql of m.statements(db)) await store.command(sql);
    await store.insert('clawtrace_migrations', [{ version: m.version, name: m.name, applied_at: Math.floor(Date.now() / 1000) }]);
  }
  return TEAM_SCHEMA_VERSION;
}

/** For readers: the schema must exist (a store nobody pushed to yet is one line, not a missing-table error). */
export async function checkTeamSchema(store: TeamStore): Promise<void> {
  const rows = await store.rows<{ n: number | string }>(
    `SELECT count() AS n FROM system.tables WHERE database = ${sqlString(store.database)} AND name = 'clawtrace_migrations'`,
  );
  if (Number(rows[0]?.n ?? 0) === 0) throw new TeamStoreError(`${store.target.display} holds no clawtrace data yet: run clawtrace push --to … first`);
}
