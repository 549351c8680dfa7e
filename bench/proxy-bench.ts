import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile, round, type BenchResult } from './bench-result.js';
import { SMALL_REQUEST } from './bench-call.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function startChild(file: string, args: string[]): Promise<{ child: ChildProcess; line: string }> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(here, file), args, { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    child.stdout?.once('data', (d: Buffer) => resolve({ child, line: d.toString().trim() }));
    child.once('error', reject);
  });
}

interface Timing {
  totalMs: number;
  firstByteMs: number;
  bytes: number;
}

function timedRequest(url: string, body: string): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      let first = 0;
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        if (first === 0) first = Number(process.hrtime.bigint() - t0) / 1e6;
        bytes += c.length;
      });
      res.on('end', () => resolve({ totalMs: Number(process.hrtime.bigint() - t0) / 1e6, firstByteMs: first, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function stats(child: ChildProcess): Promise<{ hwmKb: number; rssKb: number; calls: number; errors: number }> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as { hwmKb: number; rssKb: number; calls: number; errors: number }));
    child.send('stats');
  });
}

const body = SMALL_REQUEST;
const streamBody = JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'go' }] });

/** Interleaves direct and proxied requests so drift on the machine hits both equally. */
async function measure(direct: string, proxied: string, reqBody: string, n: number, pick: (t: Timing) => number) {
  const d: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < n; i++) {
    d.push(pick(await timedRequest(direct, reqBody)));
    p.push(pick(await timedRequest(proxied, reqBody)));
  }
  d.sort((a, b) => a - b);
  p.sort((a, b) => a - b);
  return { d50: percentile(d, 50), d99: percentile(d, 99), p50: percentile(p, 50), p99: percentile(p, 99) };
}

/** The same big response through a bare node:http pipe: the part of the RSS growth that is Node's, not ours. */
async function bareGrowthMb(upstreamPort: string, bigMb: number): Promise<number> {
  const bare = await startChild('proxy-bare-child.js', [upstreamPort]);
  try {
    for (let i = 0; i < 200; i++) await timedRequest(`${bare.line}/chat/completions?stream`, streamBody);
    const before = await stats(bare.child);
    await timedRequest(`${bare.line}/chat/completions?big&mb=${bigMb}`, streamBody);
    const after = await stats(bare.child);
    return (after.hwmKb - before.hwmKb) / 1024;
  } finally {
    bare.child.kill();
  }
}

/**
 * Direct vs through the recorder, against the same local upstream: added latency of small calls (p50/p99), added
 * time to first byte of streamed calls, and the recorder's RSS growth while it streams a 100 MB response.
 */
export async function runProxyBench(opts: { n?: number; bigMb?: number; limits?: boolean } = {}): Promise<BenchResult> {
  const n = opts.n ?? 2000;
  const bigMb = opts.bigMb ?? 100;
  const up = await startChild('proxy-upstream-child.js', []);
  const rec = await startChild('proxy-recorder-child.js', [up.line, opts.limits ? 'limits' : 'none']);
  try {
    const direct = `http://127.0.0.1:${up.line}/v1/chat/completions`;
    const proxied = `${rec.line}/chat/completions`;
    await measure(direct, proxied, body, 200, (t) => t.totalMs); // warm-up: JIT, sockets, SQLite pages
    const small = await measure(direct, proxied, body, n, (t) => t.totalMs);
    const stream = await measure(`${direct}?stream`, `${proxied}?stream`, streamBody, Math.min(n, 500), (t) => t.firstByteMs);
    const before = await stats(rec.child);
    const big = await timedRequest(`${proxied}?big&mb=${bigMb}`, streamBody);
    await new Promise((r) => setTimeout(r, 1500)); // let the store step (deflate + insert) finish
    const after = await stats(rec.child);
    const growthMb = (after.hwmKb - before.hwmKb) / 1024;
    const floorMb = await bareGrowthMb(up.line, bigMb);
    const metrics = {
      requests_each_way: n,
      small_direct_p50_ms: round(small.d50),
      small_proxied_p50_ms: round(small.p50),
      added_p50_ms: round(small.p50 - small.d50),
      added_p99_ms: round(small.p99 - small.d99),
      stream_added_first_byte_p50_ms: round(stream.p50 - stream.d50),
      big_response_mb: round(big.bytes / 1024 / 1024, 1),
      recorder_rss_growth_mb: round(growthMb, 1),
      recorder_peak_rss_mb: round(after.hwmKb / 1024, 1),
      bare_node_pipe_rss_growth_mb: round(floorMb, 1),
      calls_recorded: after.calls,
      recorder_errors: after.errors,
    };
    const pass =
      metrics.added_p50_ms <= 1 &&
      metrics.added_p99_ms <= 5 &&
      metrics.stream_added_first_byte_p50_ms <= 1 &&
      growthMb < 50 &&
      after.errors === 0;
    return { name: `recorder proxy${opts.limits ? ' with limits set (--max-usd/--max-calls/--max-tokens/--max-repeats)' : ''}`, metrics, pass };
  } finally {
    rec.child.kill();
    up.child.kill();
    agent.destroy();
  }
}
