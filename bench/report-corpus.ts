// A generated history of agent logs for the report bench: Claude Code transcripts (some with sub-agent files) and
// Codex rollouts, spread over a month, several projects and models, written where each agent writes them
// (`<dir>/claude/projects/...`, `<dir>/codex/sessions/YYYY/MM/DD/...`), so clawtrace and ccusage read the same files.
import fs from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../src/util/seeded-random.js';

export interface Corpus {
  dir: string;
  claudeDir: string;
  codexHome: string;
  sessions: number;
  bytes: number;
}

const PROJECTS = [
  '/work/acme-api',
  '/work/acme-web',
  '/home/dev/src/github.com/acme/platform/services/billing-reconciliation',
  '/home/dev/src/github.com/acme/platform/infra',
  '/work/tools/clawtrace',
  '/work/scratch',
];
const CLAUDE_MODELS = ['claude-sonnet-4-5', 'claude-sonnet-4-5', 'claude-sonnet-4-5', 'claude-opus-4-1', 'claude-haiku-4-5'];
const WORDS = 'the of and to in is that for it as with was on be by this are from at or an file test build error fix function'.split(' ');
const DAY = 86_400_000;
const START = Date.UTC(2026, 9, 1, 7, 0, 0);


function text(r: () => number, chars: number): string {
  const out: string[] = [];
  let n = 0;
  while (n < chars) {
    const w = WORDS[Math.floor(r() * WORDS.length)] ?? 'x';
    out.push(w);
    n += w.length + 1;
  }
  return out.join(' ');
}

class Writer {
  bytes = 0;
  private readonly fd: number;
  private buf: string[] = [];
  constructor(file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.fd = fs.openSync(file, 'w');
  }
  put(o: unknown): void {
    const line = `${JSON.stringify(o)}\n`;
    this.bytes += Buffer.byteLength(line);
    this.buf.push(line);
    if (this.buf.length > 200) this.flush();
  }
  flush(): void {
    if (this.buf.length) fs.writeSync(this.fd, this.buf.join(''));
    this.buf = [];
  }
  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

const iso = (ms: number): string => new Date(ms).toISOString();

function claudeThread(w: Writer, r: () => number, o: { id: string; cwd: string; model: string; t0: number; turns: number; agentId?: string; spawnAt?: number }): number {
  const base = { sessionId: o.id, cwd: o.cwd, version: '2.1.9', gitBranch: 'main', userType: 'external', isSidechain: o.agentId !== undefined, ...(o.agentId ? { agentId: o.agentId } : {}) };
  let t = o.t0;
  const prefix = o.agentId ?? 'm';
  w.put({ ...base, type: 'user', uuid: `${o.id}-${prefix}-u0`, timestamp: iso(t), message: { role: 'user', content: o.agentId ? `SUB: ${text(r, 120)}` : `please ${text(r, 160)}` } });
  let context = 4000;
  for (let k = 0; k < o.turns; k++) {
    t += 2000 + Math.floor(r() * 20_000);
    const msg = { id: `msg_${o.id}_${prefix}_${k}`, type: 'message', role: 'assistant', model: o.model };
    const output = 40 + Math.floor(r() * 600);
    const write = k === 0 ? context : 300 + Math.floor(r() * 1500);
    const usage = { input_tokens: 3 + Math.floor(r() * 40), cache_read_input_tokens: k === 0 ? 0 : context, cache_creation_input_tokens: write, cache_creation: { ephemeral_5m_input_tokens: write, ephemeral_1h_input_tokens: 0 }, output_tokens: output };
    context += write;
    const line = { ...base, type: 'assistant', timestamp: iso(t), requestId: `req_${o.id}_${prefix}_${k}` };
    const last = k === o.turns - 1;
    w.put({ ...line, uuid: `${o.id}-${prefix}-a${k}`, message: { ...msg, content: [{ type: 'text', text: text(r, 200 + Math.floor(r() * 800)) }], usage } });
    if (last) break;
    const spawn = o.spawnAt === k;
    const tool = spawn
      ? { type: 'tool_use', id: `toolu_${o.id}_${prefix}_${k}`, name: 'Task', input: { prompt: 'SUB: explore the code', subagent_type: 'Explore' } }
      : { type: 'tool_use', id: `toolu_${o.id}_${prefix}_${k}`, name: r() < 0.5 ? 'Read' : 'Bash', input: { command: `cat src/${text(r, 20).replace(/ /g, '_')}.ts` } };
    w.put({ ...line, uuid: `${o.id}-${prefix}-b${k}`, message: { ...msg, content: [tool], usage } });
    t += 500 + Math.floor(r() * 5000);
    const result = text(r, 300 + Math.floor(r() * 4100));
    w.put({ ...base, type: 'user', uuid: `${o.id}-${prefix}-r${k}`, timestamp: iso(t), message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: tool.id, content: result }] } });
  }
  return t;
}

function claudeSession(root: string, r: () => number, n: number, t0: number): number {
  const cwd = PROJECTS[n % PROJECTS.length] ?? '/work';
  const model = CLAUDE_MODELS[Math.floor(r() * CLAUDE_MODELS.length)] ?? 'claude-sonnet-4-5';
  const id = `0000${n}-cc`.slice(-8) + '-4d2c-8e5f-1a2b3c4d5e6f';
  const dir = path.join(root, 'projects', cwd.replace(/[^A-Za-z0-9]/g, '-'));
  const turns = 25 + Math.floor(r() * 50);
  const withSub = n % 5 === 0;
  const main = new Writer(path.join(dir, `${id}.jsonl`));
  claudeThread(main, r, { id, cwd, model, t0, turns, ...(withSub ? { spawnAt: 2 } : {}) });
  main.close();
  let bytes = main.bytes;
  if (withSub) {
    const sub = new Writer(path.join(dir, id, 'subagents', `agent-x${n}.jsonl`));
    claudeThread(sub, r, { id, cwd, model: 'claude-haiku-4-5', t0: t0 + 60_000, turns: 8, agentId: `x${n}` });
    sub.close();
    bytes += sub.bytes;
  }
  return bytes;
}

function codexSession(home: string, r: () => number, n: number, t0: number): number {
  const d = new Date(t0);
  const day = path.join(home, 'sessions', String(d.getUTCFullYear()), String(d.getUTCMonth() + 1).padStart(2, '0'), String(d.getUTCDate()).padStart(2, '0'));
  const id = `0199${String(n).padStart(4, '0')}-7a1b-7c2d-8e3f-4a5b6c7d8e9f`;
  const stamp = iso(t0).slice(0, 19).replace(/:/g, '-');
  const w = new Writer(path.join(day, `rollout-${stamp}-${id}.jsonl`));
  const cwd = PROJECTS[(n * 7) % PROJECTS.length] ?? '/work';
  w.put({ timestamp: iso(t0), type: 'session_meta', payload: { id, timestamp: iso(t0), cwd, originator: 'codex_cli_rs', cli_version: '0.169.0', git: { branch: 'main' } } });
  w.put({ timestamp: iso(t0), type: 'turn_context', payload: { cwd, model: 'gpt-5-codex', effort: 'medium' } });
  w.put({ timestamp: iso(t0), type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: `please ${text(r, 160)}` }] } });
  const total = { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 0 };
  let t = t0;
  let context = 6000;
  const turns = 25 + Math.floor(r() * 50);
  for (let k = 0; k < turns; k++) {
    t += 2000 + Math.floor(r() * 20_000);
    w.put({ timestamp: iso(t), type: 'response_item', payload: { type: 'reasoning', summary: [{ type: 'summary_text', text: text(r, 300) }] } });
    w.put({ timestamp: iso(t), type: 'response_item', payload: { type: 'function_call', name: 'shell', arguments: JSON.stringify({ command: ['cat', `src/f${k}.rs`] }), call_id: `call_${n}_${k}` } });
    const last = { input_tokens: context, cached_input_tokens: k === 0 ? 0 : context - 800, output_tokens: 50 + Math.floor(r() * 500), reasoning_output_tokens: 20, total_tokens: 0 };
    last.total_tokens = last.input_tokens + last.output_tokens;
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += last[key];
    w.put({ timestamp: iso(t), type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: { ...total }, last_token_usage: last } } });
    t += 500 + Math.floor(r() * 4000);
    w.put({ timestamp: iso(t), type: 'response_item', payload: { type: 'function_call_output', call_id: `call_${n}_${k}`, output: JSON.stringify({ output: text(r, 300 + Math.floor(r() * 4100)), metadata: { exit_code: 0 } }) } });
    context += 800 + Math.floor(r() * 1200);
  }
  w.close();
  return w.bytes;
}

/**
 * Writes `sessions` sessions (about 70% Claude Code, every fifth with a sub-agent; 30% Codex) over 30 days into a
 * fresh folder under `dir`; about 200 KB of logs per session.
 */
export function writeCorpus(dir: string, sessions = 1000): Corpus {
  const claudeDir = path.join(dir, 'claude');
  const codexHome = path.join(dir, 'codex');
  const r = seededRandom(17);
  let bytes = 0;
  for (let n = 0; n < sessions; n++) {
    const t0 = START + Math.floor((n / sessions) * 30 * DAY) + Math.floor(r() * 3_600_000);
    bytes += n % 10 < 7 ? claudeSession(claudeDir, r, n, t0) : codexSession(codexHome, r, n, t0);
  }
  return { dir, claudeDir, codexHome, sessions, bytes };
}
