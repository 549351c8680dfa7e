// A worker thread of refreshSummaries: compiles the sessions it is sent from its own read-only connection and posts
// each summary back; the main thread writes them (one writer). Started by refresh.ts, never run directly.
import { parentPort, workerData } from 'node:worker_threads';
import { loadPriceTable } from '../../compile/pricing/price-table.js';
import { openDbReadonly } from '../../store/db.js';
import { compileSummary } from './compile-summary.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './refresh-protocol.js';

const init = workerData as WorkerInit;
const db = openDbReadonly(init.dbPath);
const table = loadPriceTable({ pricesFile: init.pricesFile ?? undefined, projectDir: init.projectDir });
const port = parentPort;

port?.on('message', (req: WorkerRequest) => {
  if (req.ids.length === 0) {
    db.close();
    port.close();
    return;
  }
  const replies: WorkerReply['results'] = [];
  for (const id of req.ids) {
    try {
      const compiled = compileSummary(db, id, table, init.withFlags);
      replies.push(compiled ? { id, ok: true, ...compiled } : { id, ok: false, message: 'session removed' });
    } catch (err) {
      replies.push({ id, ok: false, message: err instanceof Error ? err.message : String(err) });
    }
  }
  const reply: WorkerReply = { results: replies };
  port.postMessage(reply);
});
