// The recorder's writer thread: redaction, parsing, compression and SQLite writes for every recorded exchange, in
// batches, so none of that work (nor a wait on another process's lock) happens on the thread that forwards traffic.
import { parentPort, workerData } from 'node:worker_threads';
import { openDb } from '../../store/db.js';
import { applyOps } from './apply.js';
import type { WriteOp, WriterMessage } from './messages.js';

const MAX_BATCH_OPS = 256;
/** Under load, commits are at least this far apart (each covers everything that arrived meanwhile); idle, at once. */
const MIN_COMMIT_INTERVAL_MS = 10;

const port = parentPort;
if (!port) throw new Error('the recorder writer runs as a worker thread');
const { file, busyMs } = workerData as { file: string; busyMs: number };
const db = openDb(file, { busyMs });

const post = (m: WriterMessage): void => port.postMessage(m);
let queue: WriteOp[] = [];
let timer: NodeJS.Timeout | null = null;
let lastCommit = 0;

function commit(): void {
  timer = null;
  const ops = queue;
  queue = [];
  for (let i = 0; i < ops.length; i += MAX_BATCH_OPS) {
    const results = applyOps(db, ops.slice(i, i + MAX_BATCH_OPS), (n) =>
      post({ notice: `the database is locked by another writer: ${n} writes wait (nothing is dropped unless the queue fills)` }),
    );
    post({ results });
  }
  lastCommit = Date.now();
}

port.on('message', (ops: WriteOp[]) => {
  queue.push(...ops);
  if (timer && !ops.some((o) => o.kind === 'sync' || (o.kind === 'exchange' && o.wantCall))) return;
  if (timer) clearTimeout(timer);
  const wait = lastCommit + MIN_COMMIT_INTERVAL_MS - Date.now();
  // a sync, or a call a guardrail waits to settle, is committed (and answered) at once
  if (wait <= 0 || ops.some((o) => o.kind === 'sync' || (o.kind === 'exchange' && o.wantCall))) commit();
  else timer = setTimeout(commit, wait);
});
