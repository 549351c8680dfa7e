// Import throughput: a generated corpus of Claude Code transcripts and Codex rollouts (>= 200 MB) imported into
// a temporary database. Target: >= 50 MB/s. Run alone: `npx tsx bench/import-bench.ts`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runImport } from '../src/import/run-import.js';
import { openDb } from '../src/store/db.js';
import { round, type BenchResult } from './bench-result.js';

const TARGET_MB_S = 50;
const PAD = 'lorem ipsum dolor sit amet, consectetur adipiscing elit; '.repeat(24);

function claudeSession(file: string, id: string, turns: number): number {
  const out = fs.openSync(file, 'w');
  let bytes = 0;
  const put = (o: unknown): void => {
    const line = `${JSON.stringify(o)}\n`;
    bytes += Buffer.byteLength(line);
    fs.writeSync(out, line);
  };
  const base = { sessionId: id, cwd: '/work/bench', version: '2.1.9', gitBranch: 'main', userType: 'external' };
  put({ ...base, type: 'user', uuid: `${id}-u0`, timestamp: '2026-11-01T00:00:00.000Z', message: { role: 'user', content: 'start' } });
  for (let t = 0; t < turns; t++) {
    const ts = new Date(Date.UTC(2026, 10, 1) + t * 1000).toISOString();
    const msg = { id: `${id}-m${t}`, role: 'assistant', model: 'claude-sonnet-4-5' };
    const usage = { input_tokens: 10, output_tokens: 50 + t, cache_read_input_tokens: 1000 * t, cache_creation_input_tokens: 200 };
    put({ ...base, type: 'assistant', uuid: `${id}-a${t}`, timestamp: ts, requestId: `r${t}`, message: { ...msg, content: [{ type: 'text', text: PAD }], usage } });
    put({ ...base, type: 'assistant', uuid: `${id}-b${t}`, timestamp: ts, requestId: `r${t}`, message: { ...msg, content: [{ type: 'tool_use', id: `${id}-t${t}`, name: 'Bash', input: { command: `ls ${t}` } }], usage } });
    put({ ...base, type: 'user', uuid: `${id}-r${t}`, timestamp: ts, message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `${id}-t${t}`, content: PAD + PAD }] } });
  }
  fs.closeSync(out);
  return bytes;
}

function codexRollout(file: string, id: string, turns: number): number {
  const out = fs.openSync(file, 'w');
  let bytes = 0;
  const put = (o: unknown): void => {
    const line = `${JSON.stringify(o)}\n`;
    bytes += Buffer.byteLength(line);
    fs.writeSync(out, line);
  };
  put({ timestamp: '2026-11-01T00:00:00.000Z', type: 'session_meta', payload: { id, cwd: '/work/bench', cli_version: '0.170.0' } });
  put({ timestamp: '2026-11-01T00:00:00.000Z', type: 'turn_context', payload: { model: 'gpt-5.1-codex' } });
  let input = 0;
  let output = 0;
  for (let t = 0; t < turns; t++) {
    const ts = new Date(Date.UTC(2026, 10, 1) + t * 1000).toISOString();
    put({ timestamp: ts, type: 'response_item', payload: { type: 'reasoning', summary: [{ type: 'summary_text', text: PAD }] } });
    put({ timestamp: ts, type: 'response_item', payload: { type: 'function_call', name: 'shell', arguments: `{"command":["ls","${t}"]}`, call_id: `c${t}` } });
    input += 2000;
    output += 60;
    const tokens = { input_tokens: input, cached_input_tokens: input / 2, output_tokens: output, reasoning_output_tokens: 0, total_tokens: input + output };
    const last = { input_tokens: 2000, cached_input_tokens: 1000, output_tokens: 60, reasoning_output_tokens: 0, total_tokens: 2060 };
    for (let rep = 0; rep < 2; rep++) put({ timestamp: ts, type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: tokens, last_token_usage: last } } });
    put({ timestamp: ts, type: 'response_item', payload: { type: 'function_call_output', call_id: `c${t}`, output: PAD + PAD } });
  }
  fs.closeSync(out);
  return bytes;
}

/** Generates the corpus, imports it into a fresh database file, and reports MB/s and peak RSS. */
export async function runImportBench(opts: { targetMb?: number } = {}): Promise<BenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawtrace-import-bench-'));
  const targetBytes = (opts.targetMb ?? 200) * 1024 * 1024;
  let bytes = 0;
  let n = 0;
  try {
    while (bytes < targetBytes) {
      const proj = path.join(dir, 'claude', 'projects', `-work-p${n % 8}`);
      const day = path.join(dir, 'codex', 'sessions', '2026', '11', String(1 + (n % 28)).padStart(2, '0'));
      fs.mkdirSync(proj, { recursive: true });
      fs.mkdirSync(day, { recursive: true });
      bytes += claudeSession(path.join(proj, `sess-${n}.jsonl`), `sess-${n}`, 600);
      bytes += codexRollout(path.join(day, `rollout-2026-11-01T00-00-00-cx-${n}.jsonl`), `cx-${n}`, 600);
      n++;
    }
    const db = openDb(path.join(dir, 'bench.db'));
    let peakRss = process.memoryUsage().rss;
    const timer = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 50);
    const t0 = performance.now();
    const summary = await runImport(db, { paths: [path.join(dir, 'claude'), path.join(dir, 'codex')], env: {}, homedir: dir });
    const secs = (performance.now() - t0) / 1000;
    clearInterval(timer);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    db.close();
    const mb = summary.bytes / 1024 / 1024;
    const mbs = mb / secs;
    return {
      name: 'import (Claude Code + Codex logs)',
      metrics: {
        'corpus MB': round(mb, 1),
        files: summary.readFiles,
        sessions: summary.sessions,
        'LLM calls': summary.calls,
        'seconds': round(secs, 2),
        'MB/s': round(mbs, 1),
        'peak RSS MB': round(peakRss / 1024 / 1024, 0),
        target: `>= ${TARGET_MB_S} MB/s`,
      },
      pass: mbs >= TARGET_MB_S && summary.bytes >= targetBytes,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await runImportBench();
  process.stdout.write(`${r.name}: ${r.pass ? 'target met' : 'TARGET MISSED'}\n${JSON.stringify(r.metrics, null, 2)}\n`);
}
