import { parentPort } from 'node:worker_threads';
import { SkipCounter } from './common/types.js';
import { formatByName } from './formats.js';
import type { ParseReply, ParseRequest } from './parse-pool.js';

// A worker thread of the parse pool: parses the units it is sent and sends back the sessions and skipped lines.
parentPort?.on('message', (req: ParseRequest) => {
  const skips = new SkipCounter();
  formatByName(req.unit.format)
    .parse(req.unit, skips)
    .then(
      (sessions): ParseReply => ({ id: req.id, sessions, skips: [...skips.byReason] }),
      (err: unknown): ParseReply => ({ id: req.id, error: err instanceof Error ? err.message : String(err) }),
    )
    .then((reply) => parentPort?.postMessage(reply));
});
