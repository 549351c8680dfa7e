import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile, round, type BenchResult } from './bench-result.js';
import { writerAloneCost } from './writer-alone.js';
import { SMALL_REQUEST } from './bench-call.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CLOCK_TICKS = 100; // USER_HZ on Linux

interface Child {
  child: ChildProcess;
  url: string;
}

function startChild(file: string, args: string[]): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(here, file), args, { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    child.stdout?.once('data', (d: Buffer) => resolve({ child, url: d.toString().trim() }));
    child.once('error', reject);
  });
}

/** CPU time (user + system, all threads) a process has used so far, in ms. */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

function recordedCalls(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve((m as { calls: number }).calls));
    child.send('stats');
  });
}

const body = SMALL_REQUEST;

function post(url: string, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(Number(process.hrtime.bigint() - t0) / 1e6));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** n requests with `concurrency` of them in flight at any time; their latencies and the block's wall time. */
async function block(url: string, n: number, concurrency: number, agent: http.Agent): Promise<{ lat: number[]; wallMs: number }> {
  const lat: number[] = [];
  let next = 0;
  const t0 = process.hrtime.bigint();
  const worker = async (): Promise<void> => {
    while (next < n) {
      next++;
      lat.push(await post(url, agent));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { lat, wallMs: Number(process.hrtime.bigint() - t0) / 1e6 };
}

interface Target {
  name: 'direct' | 'bare' | 'recorder';
  url: string;
  pid: number | null;
  agent: http.Agent;
  lat: number[];
  wallMs: number;
  calls: number;
}

/** Waits until the recorder has stored every call it forwarded, so its CPU figure includes the store's work. */
async function caughtUp(rec: Child, expected: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await recordedCalls(rec.child)) >= expected) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Small non-streamed calls at a given concurrency, straight to the upstream, through a bare node:http pipe (the
 * floor: no capture, no store) and through the recorder, in interleaved blocks so drift on the machine hits all three.
 * Latency added over direct (p50, p99), CPU per call of the two pipes (all threads, the store's work included) and
 * throughput.
 */
async function phase(up: string, bare: Child, rec: Child, concurrency: number, total: number, warmUp: number, already: number) {
  const targets: Target[] = [
    { name: 'direct', url: `${up}/v1/chat/completions`, pid: null, agent: new http.Agent({ keepAlive: true, maxSockets: concurrency }), lat: [], wallMs: 0, calls: 0 },
    { name: 'bare', url: `${bare.url}/chat/completions`, pid: bare.child.pid ?? null, agent: new http.Agent({ keepAlive: true, maxSockets: concurrency }), lat: [], wallMs: 0, calls: 0 },
    { name: 'recorder', url: `${rec.url}/chat/completions`, pid: rec.child.pid ?? null, agent: new http.Agent({ keepAlive: true, maxSockets: concurrency }), lat: [], wallMs: 0, calls: 0 },
  ];
  for (const t of targets) await block(t.url, warmUp, concurrency, t.agent); // warm-up: JIT, sockets, SQLite pages
  await caughtUp(rec, already + warmUp);
  const cpu0 = new Map(targets.map((t) => [t.name, t.pid ? cpuMs(t.pid) : 0]));
  const size = 250;
  for (let done = 0; done < total; done += size) {
    for (const t of targets) {
      const r = await block(t.url, size, concurrency, t.agent);
      t.lat.push(...r.lat);
      t.wallMs += r.wallMs;
      t.calls += size;
    }
  }
  await caughtUp(rec, already + warmUp + total);
  const out = new Map<string, { p50: number; p99: number; cpuPerCall: number; perSec: number }>();
  for (const t of targets) {
    t.lat.sort((a, b) => a - b);
    const cpu = t.pid ? (cpuMs(t.pid) - (cpu0.get(t.name) ?? 0)) / t.calls : 0;
    out.set(t.name, { p50: percentile(t.lat, 50), p99: percentile(t.lat, 99), cpuPerCall: cpu, perSec: (t.calls / t.wallMs) * 1000 });
    t.agent.destroy();
  }
  return out;
}

/** Calls each pipe gets before a measurement: a fresh process, and one whose JIT has settled. */
const COLD_WARM_UP = 300;
const STEADY_WARM_UP = 5000;

/**
 * The recorder against the floor (a bare node:http pipe) at concurrency 1 and 8, with the targets, twice at each
 * concurrency: fresh (the first calls after a 300-call warm-up, the compiler still at work in both pipes: what a
 * session of a few thousand calls sees) and steady (after 5,000 more, what a long-running `clawtrace proxy` sees).
 * Both must meet the targets.
 */
export async function runProxyLoadBench(opts: { n?: number } = {}): Promise<BenchResult> {
  const n = opts.n ?? 3000;
  const up = await startChild('proxy-upstream-child.js', []);
  const upUrl = `http://127.0.0.1:${up.url}`;
  const bare = await startChild('proxy-bare-child.js', [up.url]);
  const rec = await startChild('proxy-recorder-child.js', [up.url, 'none']);
  const metrics: Record<string, number> = {};
  let pass = true;
  try {
    let already = 0;
    for (const c of [1, 8]) {
      for (const [label, warmUp] of [['', COLD_WARM_UP], ['steady_', STEADY_WARM_UP]] as const) {
        const r = await phase(upUrl, bare, rec, c, n, warmUp, already);
        already += n + warmUp;
        const d = r.get('direct');
        const b = r.get('bare');
        const x = r.get('recorder');
        if (!d || !b || !x) throw new Error('missing target');
        const k = `c${c}_${label}`;
        Object.assign(metrics, {
          [`${k}direct_p50_ms`]: round(d.p50),
          [`${k}bare_added_p50_ms`]: round(b.p50 - d.p50),
          [`${k}bare_added_p99_ms`]: round(b.p99 - d.p99),
          [`${k}recorder_added_p50_ms`]: round(x.p50 - d.p50),
          [`${k}recorder_added_p99_ms`]: round(x.p99 - d.p99),
          [`${k}bare_cpu_ms_per_call`]: round(b.cpuPerCall),
          [`${k}recorder_cpu_ms_per_call`]: round(x.cpuPerCall),
          [`${k}cpu_ratio_to_bare`]: round(x.cpuPerCall / b.cpuPerCall, 2),
          [`${k}bare_calls_per_s`]: Math.round(b.perSec),
          [`${k}recorder_calls_per_s`]: Math.round(x.perSec),
          [`${k}throughput_ratio_to_bare`]: round(x.perSec / b.perSec, 2),
        });
        pass &&=
          x.p50 - d.p50 <= 1 && x.p99 - d.p99 <= 5 && x.cpuPerCall <= 1.5 * b.cpuPerCall && x.perSec >= 0.7 * b.perSec;
      }
    }
    // what the 1.5x target leaves for everything the recorder adds, against what storing a call costs on its own
    const steadyBare = Number(metrics['c8_steady_bare_cpu_ms_per_call']);
    metrics['c8_steady_budget_us_per_call'] = round(steadyBare * 500, 1);
    const w = writerAloneCost();
    metrics['writer_alone_cpu_us_per_call'] = round(w.totalUs, 1);
    metrics['writer_alone_parse_us_per_call'] = round(w.parseUs, 1);
    metrics['writer_alone_store_us_per_call'] = round(w.storeUs, 1);
    metrics['calls_recorded'] = await recordedCalls(rec.child);
    metrics['calls_sent_through_recorder'] = already;
    pass &&= metrics['calls_recorded'] === already;
    return { name: 'recorder under load, beside a bare node:http pipe (concurrency 1 and 8; fresh, then steady)', metrics, pass };
  } finally {
    rec.child.kill();
    bare.child.kill();
    up.child.kill();
  }
}
