import fs from 'node:fs';
import path from 'node:path';

/**
 * A small history of agent logs, written where the agents write them under a fake home, with every token count
 * chosen so the tests can price it by hand:
 * - A: Claude Code in /work/alpha, 2026-10-24 22:00-23:10 UTC (already 25 October in Paris, still summer time),
 *   claude-sonnet-4-5 with a claude-haiku-4-5 sub-agent spawned by a Task call;
 * - B: Claude Code in /work/beta, 2026-10-26 09:00 UTC, one call to a model with no price, one to sonnet;
 * - C: Codex in /work/alpha, 2026-10-26 23:30 UTC (27 October in Paris, winter time), gpt-5-codex.
 */

interface CcUsage {
  input: number;
  read: number;
  write: number;
  output: number;
}

function line(o: unknown): string {
  return `${JSON.stringify(o)}\n`;
}

function ccAssistant(base: object, at: string, id: string, model: string, u: CcUsage, content: unknown[], extra: object = {}): string {
  const usage = {
    input_tokens: u.input,
    cache_read_input_tokens: u.read,
    cache_creation_input_tokens: u.write,
    cache_creation: { ephemeral_5m_input_tokens: u.write, ephemeral_1h_input_tokens: 0 },
    output_tokens: u.output,
  };
  return line({ ...base, ...extra, type: 'assistant', timestamp: at, requestId: `req-${id}`, uuid: `a-${id}`, message: { id: `msg-${id}`, type: 'message', role: 'assistant', model, content, usage } });
}

function ccUser(base: object, at: string, id: string, content: unknown, extra: object = {}): string {
  return line({ ...base, ...extra, type: 'user', timestamp: at, uuid: `u-${id}`, message: { role: 'user', content } });
}

function sessionA(home: string): void {
  const dir = path.join(home, '.claude', 'projects', '-work-alpha');
  fs.mkdirSync(path.join(dir, 'sess-a', 'subagents'), { recursive: true });
  const base = { sessionId: 'sess-a', cwd: '/work/alpha', gitBranch: 'main', version: '2.1.9', userType: 'external', isSidechain: false };
  const main = [
    ccUser(base, '2026-10-24T22:00:00.000Z', 'a0', '<command-name>/clear</command-name>'),
    ccUser(base, '2026-10-24T22:00:01.000Z', 'a1', 'Add a --verbose flag to the CLI and document it'),
    // $0.012 = 1000 × $3 + 2000 × $3.75 (5-minute cache write) + 100 × $15, per million
    ccAssistant(base, '2026-10-24T22:00:05.000Z', 'a1', 'claude-sonnet-4-5', { input: 1000, read: 0, write: 2000, output: 100 }, [
      { type: 'text', text: 'Let me look at how the CLI parses its flags first.' },
    ]),
    ccUser(base, '2026-10-24T22:29:00.000Z', 'a1b', 'Go ahead, use a helper agent to find the call sites.'),
    // $0.003555 = 10 × $3 + 3000 × $0.30 + 500 × $3.75 + 50 × $15
    ccAssistant(base, '2026-10-24T22:30:00.000Z', 'a2', 'claude-sonnet-4-5', { input: 10, read: 3000, write: 500, output: 50 }, [
      { type: 'tool_use', id: 'toolu-task', name: 'Task', input: { prompt: 'SUB: find every call site of parseArgs', subagent_type: 'Explore' } },
    ]),
    ccUser(base, '2026-10-24T23:09:00.000Z', 'a2r', [{ type: 'tool_result', tool_use_id: 'toolu-task', content: 'parseArgs is called in cli.ts and main.ts' }]),
    // $0.005565 = 5 × $3 + 3500 × $0.30 + 300 × $15
    ccAssistant(base, '2026-10-24T23:10:00.000Z', 'a3', 'claude-sonnet-4-5', { input: 5, read: 3500, write: 0, output: 300 }, [
      { type: 'text', text: 'Added --verbose and documented it in the README.' },
    ]),
  ];
  fs.writeFileSync(path.join(dir, 'sess-a.jsonl'), main.join(''));
  const sub = { ...base, isSidechain: true };
  const x = { agentId: 'x1' };
  fs.writeFileSync(
    path.join(dir, 'sess-a', 'subagents', 'agent-x1.jsonl'),
    [
      ccUser(sub, '2026-10-24T22:30:30.000Z', 'x0', 'SUB: find every call site of parseArgs', x),
      // $0.003 = 2000 × $1 + 200 × $5 (claude-haiku-4-5)
      ccAssistant(sub, '2026-10-24T22:31:00.000Z', 'x1', 'claude-haiku-4-5', { input: 2000, read: 0, write: 0, output: 200 }, [{ type: 'text', text: 'parseArgs is called in cli.ts and main.ts' }], x),
    ].join(''),
  );
  fs.writeFileSync(path.join(dir, 'sess-a', 'subagents', 'agent-x1.meta.json'), JSON.stringify({ agentType: 'Explore', description: 'find call sites' }));
}

function sessionB(home: string): void {
  const dir = path.join(home, '.claude', 'projects', '-work-beta');
  fs.mkdirSync(dir, { recursive: true });
  const base = { sessionId: 'sess-b', cwd: '/work/beta', gitBranch: 'main', version: '2.1.9', userType: 'external', isSidechain: false };
  fs.writeFileSync(
    path.join(dir, 'sess-b.jsonl'),
    [
      ccUser(base, '2026-10-26T09:00:00.000Z', 'b0', 'Summarize the open pull requests'),
      // no price for this model: unpriced, never $0
      ccAssistant(base, '2026-10-26T09:00:05.000Z', 'b1', 'mystery-model-1', { input: 400, read: 0, write: 0, output: 40 }, [{ type: 'text', text: 'Three are open.' }]),
      ccUser(base, '2026-10-26T09:04:00.000Z', 'b1b', 'And which one is oldest?'),
      // $0.0006 = 100 × $3 + 20 × $15
      ccAssistant(base, '2026-10-26T09:05:00.000Z', 'b2', 'claude-sonnet-4-5', { input: 100, read: 0, write: 0, output: 20 }, [{ type: 'text', text: 'The oldest is #12.' }]),
    ].join(''),
  );
}

function sessionC(home: string): void {
  const dir = path.join(home, '.codex', 'sessions', '2026', '10', '26');
  fs.mkdirSync(dir, { recursive: true });
  const at = (t: string): string => `2026-10-26T${t}.000Z`;
  const tc = (input: number, cached: number, output: number, reasoning: number): object => ({ input_tokens: input, cached_input_tokens: cached, output_tokens: output, reasoning_output_tokens: reasoning, total_tokens: input + output });
  const lines = [
    { timestamp: at('23:30:00'), type: 'session_meta', payload: { id: 'codex-c', timestamp: at('23:30:00'), cwd: '/work/alpha', originator: 'codex_cli_rs', cli_version: '0.169.0', git: { branch: 'main' } } },
    { timestamp: at('23:30:00'), type: 'turn_context', payload: { cwd: '/work/alpha', model: 'gpt-5-codex', effort: 'medium' } },
    { timestamp: at('23:30:01'), type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Make the build reproducible' }] } },
    { timestamp: at('23:30:09'), type: 'response_item', payload: { type: 'function_call', name: 'shell', arguments: '{"command":["ls"]}', call_id: 'call-1' } },
    // $0.00375 = (5000 - 4000) × $1.25 + 4000 × $0.125 + 200 × $10 (reasoning is inside the output)
    { timestamp: at('23:30:10'), type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: tc(5000, 4000, 200, 150), last_token_usage: tc(5000, 4000, 200, 150) } } },
    { timestamp: at('23:31:00'), type: 'response_item', payload: { type: 'function_call_output', call_id: 'call-1', output: '{"output":"Makefile\\n","metadata":{"exit_code":0}}' } },
    { timestamp: at('23:44:59'), type: 'response_item', payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Pinned the toolchain.' }] } },
    // $0.002875 = 1000 × $1.25 + 5000 × $0.125 + 100 × $10
    { timestamp: at('23:45:00'), type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: tc(11000, 9000, 300, 150), last_token_usage: tc(6000, 5000, 100, 0) } } },
  ];
  fs.writeFileSync(path.join(dir, 'rollout-2026-10-26T23-30-00-codex-c.jsonl'), lines.map(line).join(''));
}

/** Writes the three sessions' logs under `home` (as ~/.claude and ~/.codex). */
export function writeFixtureLogs(home: string): void {
  sessionA(home);
  sessionB(home);
  sessionC(home);
}

/** The figures above, added up by hand. */
export const HAND = {
  a: 0.012 + 0.003555 + 0.003 + 0.005565, // 0.02412
  b: 0.0006, // and one unpriced call
  c: 0.00375 + 0.002875, // 0.006625
  // all input, cached parts included: A 3000 + 3510 + 2000 + 3505, B 400 + 100, C 5000 + 6000
  input: 23_515,
  cacheRead: 3000 + 3500 + 4000 + 5000,
  cacheWrite: 2000 + 500,
  output: 100 + 50 + 200 + 300 + 40 + 20 + 200 + 100,
  reasoning: 150,
};
