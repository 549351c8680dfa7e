// The recorder (proxy + writer thread: parsers, compression, SQLite) in its own process, so its peak RSS and CPU can
// be read from /proc. The same parts `clawtrace record` runs.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { openDb } from '../src/store/db.js';
import { blankSession } from '../src/domain/session.js';
import { SessionRecorder } from '../src/capture/recorder.js';
import { RecorderLog } from '../src/capture/recorder-log.js';
import { startProxy } from '../src/capture/proxy/server.js';
import { routeFromBaseUrl } from '../src/capture/proxy/routes.js';
import { Guard } from '../src/capture/guardrails/guard.js';
import { guardInterceptor } from '../src/capture/record-session.js';
import { RecorderWriter } from '../src/capture/writer/writer.js';
import { makePriceTable } from '../src/compile/pricing/price-table.js';
import { callUsd } from '../src/compile/call-pricer.js';
import { procMemoryKb } from './proc-memory.js';

const upstreamPort = process.argv[2] ?? '0';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawtrace-bench-'));
const file = path.join(dir, 'bench.db');
const db = openDb(file);
const log = new RecorderLog(path.join(dir, 'recorder.log'));
const writer = new RecorderWriter(file, log);
// with limits: every call is admitted against reservations, and the loop breaker reads each request body first
const withLimits = process.argv[3] === 'limits';
const table = makePriceTable([]);
const guard = new Guard(
  { maxUsd: 1e6, maxCalls: 1e9, maxTokens: 1e12, maxRepeats: 1e6, onLimit: 'refuse' },
  { price: (c) => callUsd(c, table), warn: () => undefined, stop: () => undefined },
);
const recorder = new SessionRecorder(
  writer,
  'bench',
  log,
  withLimits ? (call, x) => (x.guardTicket !== null ? guard.settle(x.guardTicket, call) : undefined) : null,
);
recorder.open(blankSession({ id: 'bench', source: 'record', startedAt: Date.now() }), null);
const proxy = await startProxy({
  routes: [routeFromBaseUrl('openai', `http://127.0.0.1:${upstreamPort}/v1`)],
  onExchange: (x) => {
    if (x.guardTicket !== null) guard.ended(x.guardTicket);
    recorder.onExchange(x);
  },
  ...(withLimits ? { intercept: guardInterceptor(guard) } : {}),
});
process.stdout.write(`${proxy.baseUrl('openai')}\n`);
process.on('message', (m) => {
  if (m === 'stats') {
    const calls = (db.prepare('SELECT COUNT(*) AS n FROM llm_calls').get() as { n: number }).n;
    process.send?.({ ...procMemoryKb(), calls, errors: log.errors });
  }
});
