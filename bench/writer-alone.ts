// What the recorder's store costs per call on its own: the writer thread's work for one small non-streamed call (the
// proxy-load bench's call), run in this process with nothing else going on. It says how much of the recorder's CPU per
// call is the price of storing every exchange raw and parsed in SQLite, whatever the proxy around it does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../src/store/db.js';
import { blankSession } from '../src/domain/session.js';
import { applyOps, callOf, toExchange } from '../src/capture/writer/apply.js';
import { prepareBodiesSync } from '../src/store/exchanges-repo.js';
import type { CapturedExchange, WriteOp } from '../src/capture/writer/messages.js';
import { SMALL_REQUEST, SMALL_RESPONSE } from './bench-call.js';

const requestBody = Buffer.from(SMALL_REQUEST);
const responseBody = Buffer.from(SMALL_RESPONSE);

function captured(seq: number): CapturedExchange {
  const t = Date.now();
  return {
    sessionId: 'bench',
    seq,
    method: 'POST',
    path: '/v1/chat/completions',
    route: 'openai',
    origin: 'http://127.0.0.1:9',
    requestRawHeaders: ['content-type', 'application/json', 'host', '127.0.0.1:9', 'connection', 'keep-alive', 'content-length', String(requestBody.length)],
    requestBody: new Uint8Array(requestBody),
    requestBytes: requestBody.length,
    status: 200,
    responseRawHeaders: ['Content-Type', 'application/json', 'Date', new Date(t).toUTCString(), 'Connection', 'keep-alive', 'Keep-Alive', 'timeout=60', 'Content-Length', String(responseBody.length)],
    responseBody: new Uint8Array(responseBody),
    responseBytes: responseBody.length,
    responseOmittedBytes: 0,
    startedAt: t,
    firstByteAt: t,
    endedAt: t,
    outcome: 'complete',
    errorText: null,
  };
}

const cpuUs = (u: NodeJS.CpuUsage): number => u.user + u.system;

/**
 * CPU per call (µs) of the writer's work alone, in batches of 250 as under load: all of it, the parsing and redaction
 * part of it, and the storing part (the call's JSON text, two rows and their index entries, the commit and the WAL
 * checkpoints).
 */
export function writerAloneCost(calls = 20_000): { totalUs: number; parseUs: number; storeUs: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawtrace-writer-'));
  try {
    const db = openDb(path.join(dir, 'bench.db'));
    applyOps(db, [{ kind: 'session', ticket: 0, session: blankSession({ id: 'bench', source: 'record', startedAt: Date.now() }), owner: null }], () => undefined);
    let seq = 0;
    const batch = (): WriteOp[] => Array.from({ length: 250 }, () => ({ kind: 'exchange', ticket: ++seq, x: captured(seq), wantCall: false }) as const);
    for (let i = 0; i < 3000; i += 250) applyOps(db, batch(), () => undefined); // warm-up
    const t0 = process.cpuUsage();
    for (let i = 0; i < calls; i += 250) applyOps(db, batch(), () => undefined);
    const totalUs = cpuUs(process.cpuUsage(t0)) / calls;
    const p0 = process.cpuUsage();
    for (let i = 0; i < calls; i++) {
      const e = toExchange(captured(i));
      prepareBodiesSync(e.requestBody, e.responseBody);
      callOf(e);
    }
    const parseUs = cpuUs(process.cpuUsage(p0)) / calls;
    db.close();
    return { totalUs, parseUs, storeUs: totalUs - parseUs };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
