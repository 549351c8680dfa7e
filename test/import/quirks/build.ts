import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../helpers/cli.js';

/**
 * Small synthetic agent logs written by the tests themselves: each reproduces the shape of a real log that once
 * came out wrong (no real log content). Figures in the tests are computed by hand from the numbers written here.
 */
export function writeJsonl(file: string, rows: readonly unknown[]): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

export function logDir(prefix: string): string {
  return tempDir(`ct-quirk-${prefix}-`);
}

// ---- Claude Code ----------------------------------------------------------------------------------------------
export const CC_SID = '11111111-2222-3333-4444-555555555555';

interface CcOpts {
  sidechain?: boolean;
  agent?: string;
  ts?: string;
  extra?: Record<string, unknown>;
}

export function ccUser(uuid: string, parent: string | null, content: unknown, o: CcOpts = {}): Record<string, unknown> {
  return {
    parentUuid: parent, isSidechain: o.sidechain ?? false, type: 'user', message: { role: 'user', content }, uuid,
    timestamp: o.ts ?? '2026-04-01T10:00:00.000Z', sessionId: CC_SID, version: '2.1.81', cwd: '/tmp/proj',
    ...(o.agent ? { agentId: o.agent } : {}), ...(o.extra ?? {}),
  };
}

export interface CcUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

export function ccAsst(
  uuid: string, parent: string | null, msgId: string, req: string | null, usage: CcUsage, content: unknown[],
  o: CcOpts & { model?: string; stop?: string | null } = {},
): Record<string, unknown> {
  return {
    parentUuid: parent, isSidechain: o.sidechain ?? false, type: 'assistant',
    message: { id: msgId, type: 'message', role: 'assistant', model: o.model ?? 'claude-sonnet-4-6', content, stop_reason: o.stop ?? null, usage },
    uuid, timestamp: o.ts ?? '2026-04-01T10:00:01.000Z', sessionId: CC_SID, version: '2.1.81', cwd: '/tmp/proj',
    ...(req ? { requestId: req } : {}), ...(o.agent ? { agentId: o.agent } : {}),
  };
}

export const u = (i: number, o: number, cr = 0, cw = 0): CcUsage => ({ input_tokens: i, output_tokens: o, cache_read_input_tokens: cr, cache_creation_input_tokens: cw });

// ---- Codex ----------------------------------------------------------------------------------------------------
type Tot = [input: number, cached: number, output: number];

export function codexRollout(file: string, id: string, events: unknown[], version = '0.57.0', model = 'gpt-5-codex'): string {
  return writeJsonl(file, [
    { timestamp: '2025-11-13T03:00:00.000Z', type: 'session_meta', payload: { id, timestamp: '2025-11-13T03:00:00.000Z', cwd: '/tmp/proj', originator: 'codex_cli_rs', cli_version: version } },
    { timestamp: '2025-11-13T03:00:00.100Z', type: 'turn_context', payload: { cwd: '/tmp/proj', model } },
    ...events,
  ]);
}

const tokens = (t: Tot): Record<string, number> => ({ input_tokens: t[0], cached_input_tokens: t[1], output_tokens: t[2], reasoning_output_tokens: 0, total_tokens: t[0] + t[2] });

export function tokenCount(ts: string, total: Tot, last: Tot): Record<string, unknown> {
  return { timestamp: ts, type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: tokens(total), last_token_usage: tokens(last) } } };
}

export function codexMsg(ts: string, text: string): Record<string, unknown> {
  return { timestamp: ts, type: 'response_item', payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] } };
}

export function codexCall(ts: string, callId: string, command = 'ls'): Record<string, unknown> {
  return { timestamp: ts, type: 'response_item', payload: { type: 'function_call', name: 'shell', arguments: JSON.stringify({ command: ['bash', '-lc', command] }), call_id: callId } };
}

export function codexOutput(ts: string, callId: string, output = 'a\nb'): Record<string, unknown> {
  return { timestamp: ts, type: 'response_item', payload: { type: 'function_call_output', call_id: callId, output: JSON.stringify({ output, metadata: { exit_code: 0 } }) } };
}

// ---- OpenClaw -------------------------------------------------------------------------------------------------
export function ocHeader(id: string, ts = '2026-03-24T13:00:00.000Z'): Record<string, unknown> {
  return { type: 'session', version: 3, id, timestamp: ts, cwd: '/tmp/proj' };
}

export function ocMsg(id: string, ts: string, message: Record<string, unknown>): Record<string, unknown> {
  return { type: 'message', id, parentId: null, timestamp: ts, message };
}

export interface OcUse {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  cost?: Record<string, number>;
}

export function ocAsst(content: unknown[], stop: string, use: OcUse, provider = 'openai', model = 'gpt-4o', api = 'openai-completions'): Record<string, unknown> {
  const usage = { input: use.input, output: use.output, cacheRead: use.cacheRead ?? 0, cacheWrite: use.cacheWrite ?? 0, totalTokens: use.input + use.output + (use.cacheRead ?? 0) + (use.cacheWrite ?? 0), ...(use.cost ? { cost: use.cost } : {}) };
  return { role: 'assistant', content, api, provider, model, usage, stopReason: stop };
}

export function ocResult(callId: string, toolName: string, text: string, isError = false, details?: unknown): Record<string, unknown> {
  return { role: 'toolResult', toolCallId: callId, toolName, content: [{ type: 'text', text }], isError, ...(details !== undefined ? { details } : {}) };
}
