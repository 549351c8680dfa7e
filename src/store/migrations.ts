/**
 * Numbered schema migrations, applied in order on open (PRAGMA user_version holds the last applied number).
 * Never edit a migration once it has shipped: add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'sessions, exchanges, llm calls',
    sql: `
      CREATE TABLE sessions (
        id             TEXT PRIMARY KEY,
        label          TEXT,
        tags_json      TEXT NOT NULL DEFAULT '{}',
        source         TEXT NOT NULL,
        command_json   TEXT NOT NULL DEFAULT '[]',
        cwd            TEXT,
        agent_name     TEXT,
        agent_version  TEXT,
        git_commit     TEXT,
        git_branch     TEXT,
        git_dirty      INTEGER,
        started_at     REAL NOT NULL,
        ended_at       REAL,
        exit_code      INTEGER,
        signal         TEXT,
        stopped_reason TEXT,
        outcome_status TEXT NOT NULL DEFAULT 'unknown',
        outcome_source TEXT NOT NULL DEFAULT 'none',
        outcome_evidence TEXT,
        source_path    TEXT,
        natural_key    TEXT UNIQUE
      );
      -- sessions are listed newest first and resolved by label
      CREATE INDEX sessions_started ON sessions(started_at);
      CREATE INDEX sessions_label ON sessions(label);

      CREATE TABLE exchanges (
        id             INTEGER PRIMARY KEY,
        session_id     TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq            INTEGER NOT NULL,
        method         TEXT NOT NULL,
        path           TEXT NOT NULL,
        route          TEXT NOT NULL,
        upstream_url   TEXT NOT NULL,
        request_headers_json  TEXT NOT NULL,
        request_body   BLOB NOT NULL,
        request_bytes  INTEGER NOT NULL,
        status         INTEGER,
        response_headers_json TEXT NOT NULL,
        response_body  BLOB NOT NULL,
        response_bytes INTEGER NOT NULL,
        response_omitted_bytes INTEGER NOT NULL DEFAULT 0,
        -- bodies are stored deflated to keep long sessions small; 'identity' or 'deflate'
        storage_encoding TEXT NOT NULL DEFAULT 'identity',
        started_at     REAL NOT NULL,
        first_byte_at  REAL,
        ended_at       REAL,
        state          TEXT NOT NULL,
        error_text     TEXT
      );
      -- every read of exchanges is "all of one session, in order"
      CREATE INDEX exchanges_session ON exchanges(session_id, seq);

      CREATE TABLE llm_calls (
        id             INTEGER PRIMARY KEY,
        session_id     TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq            INTEGER NOT NULL,
        exchange_id    INTEGER UNIQUE REFERENCES exchanges(id) ON DELETE CASCADE,
        -- importers key each call on its origin (file + message id) so re-imports are idempotent
        natural_key    TEXT UNIQUE,
        parser_version INTEGER NOT NULL,
        started_at     REAL NOT NULL,
        first_byte_at  REAL,
        ended_at       REAL,
        model          TEXT,
        call_json      TEXT NOT NULL
      );
      -- cards and totals read all calls of one session in order
      CREATE INDEX llm_calls_session ON llm_calls(session_id, seq);
    `,
  },
  {
    version: 2,
    name: 'imported log files',
    sql: `
      -- one row per agent log file read by \`clawtrace import\`: a file whose size, mtime and head are unchanged is
      -- skipped on re-import; one that grew is parsed again and its calls upserted on their natural keys
      CREATE TABLE import_files (
        path           TEXT PRIMARY KEY,
        format         TEXT NOT NULL,
        size           INTEGER NOT NULL,
        mtime_ms       REAL NOT NULL,
        -- sha256 (first 16 hex) of the first 4 KB: a file replaced by another of the same size is read again
        head_hash      TEXT NOT NULL,
        session_ids_json TEXT NOT NULL DEFAULT '[]',
        imported_at    REAL NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'session summaries and usage facts',
    sql: `
      -- one row per compiled session: what the sessions list shows without compiling anything. A row is valid for the
      -- compile version, parser version and price table it was made under; the triggers below delete it whenever
      -- the session or one of its calls changes, so a missing row means "compile this session again"
      CREATE TABLE session_summaries (
        session_id     TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
        compile_version INTEGER NOT NULL,
        parser_version INTEGER NOT NULL,
        price_key      TEXT NOT NULL,
        project        TEXT,
        first_prompt   TEXT,
        main_model     TEXT,
        models_json    TEXT NOT NULL DEFAULT '[]',
        llm_calls      INTEGER NOT NULL,
        tool_uses      INTEGER NOT NULL,
        sub_agents     INTEGER NOT NULL,
        -- priced part only: unpriced calls are counted apart, never as $0
        cost_usd       REAL NOT NULL,
        unpriced_calls INTEGER NOT NULL,
        estimated_calls INTEGER NOT NULL,
        tokens_input   INTEGER NOT NULL,
        tokens_cache_read INTEGER NOT NULL,
        tokens_cache_write INTEGER NOT NULL,
        tokens_output  INTEGER NOT NULL,
        tokens_reasoning INTEGER NOT NULL,
        -- flags need the whole card: NULL until a listing asked for them
        flags          INTEGER,
        wasted_usd     REAL,
        wasted_unpriced INTEGER,
        updated_at     REAL NOT NULL
      );

      -- one row per LLM call: what usage reports aggregate (the team store keeps the same facts)
      CREATE TABLE usage_facts (
        session_id     TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        call_id        INTEGER NOT NULL,
        started_at     REAL NOT NULL,
        project        TEXT,
        agent_name     TEXT,
        agent_id       TEXT NOT NULL,
        provider       TEXT NOT NULL,
        model          TEXT,
        auxiliary      INTEGER NOT NULL,
        cost_usd       REAL,
        estimated      INTEGER NOT NULL,
        input_uncached INTEGER NOT NULL,
        cache_read     INTEGER NOT NULL,
        cache_write    INTEGER NOT NULL,
        output         INTEGER NOT NULL,
        reasoning      INTEGER NOT NULL,
        PRIMARY KEY (session_id, call_id)
      ) WITHOUT ROWID;
      -- reports select a time range first
      CREATE INDEX usage_facts_started ON usage_facts(started_at);

      CREATE TRIGGER summary_stale_on_call_insert AFTER INSERT ON llm_calls BEGIN
        DELETE FROM session_summaries WHERE session_id = NEW.session_id;
      END;
      CREATE TRIGGER summary_stale_on_call_update AFTER UPDATE ON llm_calls BEGIN
        DELETE FROM session_summaries WHERE session_id = NEW.session_id OR session_id = OLD.session_id;
      END;
      CREATE TRIGGER summary_stale_on_call_delete AFTER DELETE ON llm_calls BEGIN
        DELETE FROM session_summaries WHERE session_id = OLD.session_id;
      END;
      CREATE TRIGGER summary_stale_on_session_update AFTER UPDATE ON sessions BEGIN
        DELETE FROM session_summaries WHERE session_id = NEW.id;
      END;
    `,
  },
  {
    version: 4,
    name: 'the process recording a session',
    sql: `
      -- the recorder (pid and, where the OS says, its start time) that holds a session open: a session left open by
      -- a recorder that died is closed by the next clawtrace that notices, instead of looking live forever
      ALTER TABLE sessions ADD COLUMN recorder_pid INTEGER;
      ALTER TABLE sessions ADD COLUMN recorder_start TEXT;
    `,
  },
  {
    version: 5,
    name: 'what was pushed to which team store',
    sql: `
      -- one row per session pushed to a team store (keyed by its endpoint and database, never its credentials):
      -- \`clawtrace push\` sends a session again only when its fingerprint (calls, outcome, compile and price
      -- versions) changed since
      CREATE TABLE IF NOT EXISTS push_state (
        target         TEXT NOT NULL,
        session_id     TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        fingerprint    TEXT NOT NULL,
        raw_pushed     INTEGER NOT NULL DEFAULT 0,
        pushed_at      REAL NOT NULL,
        PRIMARY KEY (target, session_id)
      );
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
