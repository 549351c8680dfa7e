import { compileSession } from '../compile/compile-session.js';
import type { PriceTable } from '../compile/pricing/rates.js';
import type { Db } from '../store/db.js';
import { firstPrompt } from '../report/usage/summarize.js';
import { listCalls } from '../store/calls-repo.js';
import { listExchanges } from '../store/exchanges-repo.js';
import type { TeamStore } from './client.js';
import { markPushed, pushedStates, sessionFingerprints } from './push-state.js';
import { rawRow, sessionRows, type SessionRows } from './rows.js';
import { rawReason, type RawPolicy } from './sampling.js';
import { migrateTeamStore } from './schema.js';
import { Projects, type Who } from './who.js';

export interface PushOptions {
  db: Db;
  store: TeamStore;
  table: PriceTable;
  who: Who;
  raw: RawPolicy;
  /** push every session, whatever the local bookkeeping says */
  all?: boolean;
  /** sessions per insert batch */
  batchSessions?: number;
}

export interface PushResult {
  sessions: number;
  unchanged: number;
  calls: number;
  steps: number;
  flags: number;
  rawExchanges: number;
  failed: { sessionId: string; message: string }[];
}

interface Pending {
  id: string;
  fingerprint: string;
  rawPushed: boolean;
}

/** A batch's raw bodies are sent in inserts of about this many bytes, so one huge session cannot balloon memory. */
const RAW_INSERT_BYTES = 16 * 1024 * 1024;

/**
 * Copies sessions into the team store: only those whose fingerprint moved since the last push to this store (all
 * with `all`), each as a new generation of its rows. Rows are sent table by table in batches, the sessions table
 * last, so a push cut off half way leaves the previous generation in force; the local bookkeeping is written after
 * each batch is in. A session that cannot be compiled is reported and skipped; the others go on.
 */
export async function pushToTeam(o: PushOptions): Promise<PushResult> {
  await migrateTeamStore(o.store);
  const key = o.store.target.key;
  const pushed = pushedStates(o.db, key);
  const all = sessionFingerprints(o.db, o.table);
  const todo = all.filter((f) => o.all || pushed.get(f.id)?.fingerprint !== f.fingerprint);
  const result: PushResult = { sessions: 0, unchanged: all.length - todo.length, calls: 0, steps: 0, flags: 0, rawExchanges: 0, failed: [] };
  const projects = new Projects();
  const pushedAt = Date.now();
  const naturalKeys = o.db.prepare(`SELECT id, natural_key FROM llm_calls WHERE session_id = ?`);
  const batchSize = o.batchSessions ?? 200;
  let batch: SessionRows[] = [];
  let raw: Record<string, unknown>[] = [];
  let rawBytes = 0;
  let done: Pending[] = [];

  const flushRaw = async (): Promise<void> => {
    await o.store.insert('raw_exchanges', raw);
    result.rawExchanges += raw.length;
    raw = [];
    rawBytes = 0;
  };
  const flush = async (): Promise<void> => {
    await o.store.insert('calls', batch.flatMap((b) => b.calls));
    await o.store.insert('steps', batch.flatMap((b) => b.steps));
    await o.store.insert('cards', batch.map((b) => b.card));
    await o.store.insert('flags', batch.flatMap((b) => b.flags));
    await flushRaw();
    await o.store.insert('sessions', batch.map((b) => b.session));
    markPushed(o.db, key, done);
    for (const b of batch) {
      result.calls += b.calls.length;
      result.steps += b.steps.length;
      result.flags += b.flags.length;
    }
    result.sessions += batch.length;
    batch = [];
    done = [];
  };

  for (const f of todo) {
    let compiled;
    try {
      compiled = compileSession(o.db, f.id, o.table);
    } catch (err) {
      result.failed.push({ sessionId: f.id, message: err instanceof Error ? err.message : String(err) });
      continue;
    }
    const project = projects.project(compiled.session.cwd);
    const reason = rawReason(o.raw, compiled.card);
    const alreadyRaw = pushed.get(f.id)?.rawPushed ?? false;
    const keys = naturalKeys.all(f.id) as { id: number; natural_key: string | null }[];
    batch.push(
      sessionRows(compiled, {
        pushedAt,
        project,
        user: o.who.user,
        host: o.who.host,
        repo: projects.repo(project),
        naturalKeys: new Map(keys.map((k) => [k.id, k.natural_key])),
        // as the local summary has it, so a session's label in a team report is the one the local report prints
        firstPrompt: firstPrompt(compiled.structure, listCalls(o.db, f.id)),
        rawBodies: reason !== null || alreadyRaw,
      }),
    );
    if (reason !== null && !alreadyRaw) {
      for (const x of listExchanges(o.db, f.id)) {
        const row = rawRow(x, pushedAt, reason);
        raw.push(row);
        rawBytes += x.requestBody.length + x.responseBody.length;
        if (rawBytes >= RAW_INSERT_BYTES) await flushRaw();
      }
    }
    done.push({ id: f.id, fingerprint: f.fingerprint, rawPushed: reason !== null || alreadyRaw });
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  return result;
}
