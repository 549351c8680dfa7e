#!/usr/bin/env node
// `npm run soak`: the recorder's reliability run (not part of npm test). Through `clawtrace record` and through
// `clawtrace proxy`: 50 concurrent streams + 200 plain calls; an agent SIGKILLed with streams open; the recorder itself
// SIGKILLed mid-run; upstream faults (resets, 500s); two recorders on one database. For each: calls sent, stored and
// lost, and the byte difference between what the upstream sent, what the client got and what was stored.
import { spawn, execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb } from '../dist/src/store/db.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(root, 'bin', 'clawtrace.js');
const CLIENT = path.join(root, 'fixtures', 'clients', 'load-client.mjs');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ct-soak-'));

/** The upstream: plain calls answered at once, streams of 20 events 5 ms apart; `faults` resets or fails some. */
function upstream(faults = false) {
  const state = { sent: 0, n: 0 };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const i = state.n++;
      const send = (s) => {
        state.sent += Buffer.byteLength(s);
        res.write(s);
      };
      if (faults && i % 10 === 3) return void res.socket.destroy();
      if (faults && i % 10 === 7) {
        res.writeHead(500, { 'content-type': 'application/json' });
        send('{"error":{"message":"upstream fault"}}');
        return void res.end();
      }
      if (Buffer.concat(chunks).toString().includes('"stream":true')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        let k = 0;
        const t = setInterval(() => {
          if (k === 20) {
            clearInterval(t);
            send('data: [DONE]\n\n');
            return void res.end();
          }
          send(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content: `t${k++} ` } }] })}\n\n`);
        }, 5);
        res.on('close', () => clearInterval(t));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      send(JSON.stringify({ id: 'x', object: 'chat.completion', model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }], usage: { prompt_tokens: 60, completion_tokens: 1, total_tokens: 61 } }));
      res.end();
    });
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ url: `http://127.0.0.1:${server.address().port}`, state, close: () => { server.closeAllConnections(); server.close(); } })));
}

const run = (args, env = {}) =>
  new Promise((resolve) => {
    const c = execFile(process.execPath, args, { env: { ...process.env, ...env }, maxBuffer: 1 << 26 }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
    c.stdin?.end();
  });

function stored(db) {
  const s = openDb(db);
  const r = s.prepare(`SELECT COUNT(*) AS n, COALESCE(SUM(response_bytes), 0) AS bytes, SUM(state = 'complete') AS complete FROM exchanges`).get();
  const integrity = s.pragma('integrity_check', { simple: true });
  s.close();
  return { ...r, integrity };
}

const rows = [];
function report(name, sent, st, extra = '') {
  const lost = sent - st.n;
  rows.push({ name, sent, stored: st.n, lost, extra });
  process.stdout.write(`${name.padEnd(44)} sent ${String(sent).padStart(4)}  stored ${String(st.n).padStart(4)}  lost ${String(lost).padStart(3)}  ${extra}  db ${st.integrity}\n`);
}

async function throughRecord() {
  const up = await upstream();
  const db = path.join(tmp(), 'ct.db');
  const r = await run([CLI, 'record', '--db', db, '--quiet', '--upstream-openai', `${up.url}/v1`, '--', process.execPath, CLIENT, 'mixed', '200', '50']);
  const got = JSON.parse(r.stdout.trim().split('\n').pop());
  const st = stored(db);
  report('record: 50 streams + 200 calls', got.sent, st, `bytes: upstream-client ${up.state.sent - got.bytes}, upstream-stored ${up.state.sent - st.bytes}`);
  up.close();
}

async function throughProxy() {
  const up = await upstream();
  const db = path.join(tmp(), 'ct.db');
  const proxy = spawn(process.execPath, [CLI, 'proxy', '--db', db], { env: { ...process.env, OPENAI_BASE_URL: `${up.url}/v1` }, stdio: 'ignore' });
  const state = path.join(path.dirname(db), 'proxy.json');
  for (let i = 0; i < 200 && !fs.existsSync(state); i++) await new Promise((r) => setTimeout(r, 50));
  const env = Object.fromEntries((await run([CLI, 'env', '--db', db])).stdout.trim().split('\n').flatMap((l) => { const m = /^export (\w+)='(.*)'$/.exec(l); return m ? [[m[1], m[2]]] : []; }));
  const r = await run([CLIENT, 'mixed', '200', '50'], env);
  const got = JSON.parse(r.stdout.trim().split('\n').pop());
  proxy.kill('SIGINT');
  await new Promise((r2) => proxy.once('exit', r2));
  const st = stored(db);
  report('proxy: 50 streams + 200 calls, then Ctrl-C', got.sent, st, `bytes: upstream-client ${up.state.sent - got.bytes}, upstream-stored ${up.state.sent - st.bytes}`);
  up.close();
}

async function agentKilled() {
  const up = await upstream();
  const db = path.join(tmp(), 'ct.db');
  // streams of 20 events at 5 ms never finish before the agent kills itself at their first event
  const r = await run([CLI, 'record', '--db', db, '--quiet', '--upstream-openai', `${up.url}/v1`, '--', process.execPath, CLIENT, 'streams', '50', 'kill']);
  const st = stored(db);
  report('record: agent SIGKILLed with 50 streams open', 50, st, `exit ${r.code} (137 expected), cut streams kept ${st.n - st.complete}`);
  up.close();
}

async function recorderKilled() {
  const up = await upstream();
  const db = path.join(tmp(), 'ct.db');
  const rec = spawn(process.execPath, [CLI, 'record', '--db', db, '--quiet', '--upstream-openai', `${up.url}/v1`, '--', process.execPath, CLIENT, 'calls', '100000'], { stdio: 'ignore', detached: true });
  await new Promise((r) => setTimeout(r, 1500));
  const answered = up.state.n;
  process.kill(-rec.pid, 'SIGKILL');
  await new Promise((r) => rec.once('exit', r));
  const st = stored(db);
  report('record: the recorder SIGKILLed mid-run', answered, st, `(lost = calls answered in the last ~75 ms, queued and not yet committed)`);
  await run([CLI, 'record', '--db', db, '--quiet', '--', process.execPath, '-e', '0']);
  const after = await run([CLI, 'sessions', '--db', db, '--json']);
  process.stdout.write(`${''.padEnd(44)} the next recorder closed the dead one's session: ${JSON.parse(after.stdout).every((s) => s.duration_ms !== null)}\n`);
  up.close();
}

async function faults() {
  const up = await upstream(true);
  const db = path.join(tmp(), 'ct.db');
  const r = await run([CLI, 'record', '--db', db, '--quiet', '--upstream-openai', `${up.url}/v1`, '--', process.execPath, CLIENT, 'mixed', '200', '50']);
  const got = JSON.parse(r.stdout.trim().split('\n').pop());
  const st = stored(db);
  report('record: upstream faults (10% reset, 10% 500)', got.sent, st, `answered ${got.ok}, complete ${st.complete}`);
  up.close();
}

async function twoRecorders() {
  const up = await upstream();
  const db = path.join(tmp(), 'ct.db');
  const one = () => run([CLI, 'record', '--db', db, '--quiet', '--upstream-openai', `${up.url}/v1`, '--', process.execPath, CLIENT, 'mixed', '200', '50']);
  const [a, b] = await Promise.all([one(), one()]);
  const sent = [a, b].reduce((t, r) => t + JSON.parse(r.stdout.trim().split('\n').pop()).sent, 0);
  const st = stored(db);
  report('two recorders on one database', sent, st, `bytes: upstream-stored ${up.state.sent - st.bytes}`);
  up.close();
}

for (const step of [throughRecord, throughProxy, agentKilled, recorderKilled, faults, twoRecorders]) await step();
const lostWhereNone = rows.filter((r) => !r.name.includes('recorder SIGKILLed') && r.lost !== 0);
process.exitCode = lostWhereNone.length ? 1 : 0;
