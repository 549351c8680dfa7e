// The recorder (proxy + SQLite store + parsers) in its own process, so its peak RSS can be read from /proc.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { openDb } from '../src/store/db.js';
import { insertSession } from '../src/store/sessions-repo.js';
import { blankSession } from '../src/domain/session.js';
import { SessionRecorder } from '../src/capture/recorder.js';
import { RecorderLog } from '../src/capture/recorder-log.js';
import { startProxy } from '../src/capture/proxy/server.js';
import { routeFromBaseUrl } from '../src/capture/proxy/routes.js';
import { Guard } from '../src/capture/guardrails/guard.js';
import { guardInterceptor } from '../src/capture/record-session.js';
import { makePriceTable } from '../src/compile/pricing/price-table.js';
import { callUsd } from '../src/compile/call-pricer.js';
import { procMemoryKb } from './proc-memory.js';

const upstreamPort = process.argv[2] ?? '0';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawtrace-bench-'));
const db = openDb(path.join(dir, 'bench.db'));
insertSession(db, blankSession({ id: 'bench', source: 'record', startedAt: Date.now() }));
const log = new RecorderLog(path.join(dir, 'recorder.log'));
// with limits: every call is checked before forwarding and the loop breaker reads each request body first
const withLimits = process.argv[3] === 'limits';
const table = makePriceTable([]);
const guard = new Guard(
  { maxUsd: 1e6, maxCalls: 1e9, maxTokens: 1e12, maxRepeats: 1e6, onLimit: 'refuse' },
  { price: (c) => callUsd(c, table), warn: () => undefined, stop: () => undefined },
);
const recorder = new SessionRecorder(db, 'bench', log, withLimits ? [(call) => guard.onCall(call)] : []);
const proxy = await startProxy({
  routes: [routeFromBaseUrl('openai', `http://127.0.0.1:${upstreamPort}/v1`)],
  onExchange: recorder.onExchange,
  ...(withLimits ? { intercept: guardInterceptor(guard) } : {}),
});
process.stdout.write(`${proxy.baseUrl('openai')}\n`);
process.on('message', (m) => {
  if (m === 'stats') {
    const calls = (db.prepare('SELECT COUNT(*) AS n FROM llm_calls').get() as { n: number }).n;
    process.send?.({ ...procMemoryKb(), calls, errors: log.errors });
  }
});
