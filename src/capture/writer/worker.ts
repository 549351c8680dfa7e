// The recorder's writer thread: redaction, parsing, compression and SQLite writes for every recorded exchange, in
// batches, so none of that work (nor a wait on another process's lock) happens on the thread that forwards traffic.
import { parentPort, workerData } from 'node:worker_threads';
import { openDb } from '../../store/db.js';
import { applyOps } from './apply.js';
import { unpack } from './codec.js';
import type { OpResult, ResultBatch, WriteOp, WriterBatch, WriterMessage } from './messages.js';

const MAX_BATCH_OPS = 256;
/** Under load, commits are at least this far apart (each covers everything that arrived meanwhile); idle, at once. */
const MIN_COMMIT_INTERVAL_MS = 50;

const port = parentPort;
if (!port) throw new Error('the recorder writer runs as a worker thread');
const { file, busyMs } = workerData as { file: string; busyMs: number };
const db = openDb(file, { busyMs });

const post = (m: WriterMessage): void => port.postMessage(m);
let queue: WriterBatch[] = [];
let timer: NodeJS.Timeout | null = null;
let lastCommit = 0;

/** A message's writes in the order they were made: its plain ops and its unpacked exchanges, merged by ticket. */
function opsOf(b: WriterBatch): WriteOp[] {
  const exchanges = b.packed ? unpack(b.packed.buffer, b.packed.bytes) : [];
  if (b.ops.length === 0) return exchanges.map((e) => ({ kind: 'exchange', ticket: e.ticket, x: e.x, wantCall: e.wantCall }));
  const out: WriteOp[] = [];
  let i = 0;
  for (const op of b.ops) {
    for (; i < exchanges.length && (exchanges[i]?.ticket ?? Infinity) < op.ticket; i++) {
      const e = exchanges[i];
      if (e) out.push({ kind: 'exchange', ticket: e.ticket, x: e.x, wantCall: e.wantCall });
    }
    out.push(op);
  }
  for (; i < exchanges.length; i++) {
    const e = exchanges[i];
    if (e) out.push({ kind: 'exchange', ticket: e.ticket, x: e.x, wantCall: e.wantCall });
  }
  return out;
}

function compact(results: OpResult[]): ResultBatch {
  const tickets = new Float64Array(results.length);
  const flags = new Uint8Array(results.length);
  const extra: ResultBatch['extra'] = [];
  results.forEach((r, i) => {
    tickets[i] = r.ticket;
    flags[i] = (r.ok ? 1 : 0) | (r.isCall ? 2 : 0);
    if (r.call !== null || r.error !== null) extra.push({ i, call: r.call, error: r.error });
  });
  return { tickets, flags, extra };
}

function commit(): void {
  timer = null;
  const batches = queue;
  queue = [];
  const ops = batches.length === 1 && batches[0] ? opsOf(batches[0]) : batches.flatMap(opsOf);
  for (let i = 0; i < ops.length; i += MAX_BATCH_OPS) {
    const results = applyOps(db, ops.slice(i, i + MAX_BATCH_OPS), (n) =>
      post({ notice: `the database is locked by another writer: ${n} writes wait (nothing is dropped unless the queue fills)` }),
    );
    post({ results: compact(results) });
  }
  lastCommit = Date.now();
}

port.on('message', (b: WriterBatch) => {
  queue.push(b);
  if (timer && !b.urgent) return;
  if (timer) clearTimeout(timer);
  const wait = lastCommit + MIN_COMMIT_INTERVAL_MS - Date.now();
  // a sync, or a call a guardrail waits to settle, is committed (and answered) at once
  if (wait <= 0 || b.urgent) commit();
  else timer = setTimeout(commit, wait);
});
