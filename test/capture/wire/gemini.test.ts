import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gemini } from '../../../src/capture/wire/gemini.js';
import { exchange, sse } from './build.js';

const request = {
  systemInstruction: { parts: [{ text: 'You are Gemini CLI.' }] },
  tools: [{ functionDeclarations: [{ name: 'run_shell_command' }, { name: 'read_file' }] }],
  contents: [
    { role: 'user', parts: [{ text: 'what is here?' }] },
    { role: 'model', parts: [{ functionCall: { name: 'run_shell_command', args: { command: 'ls' } } }, { functionCall: { name: 'run_shell_command', args: { command: 'pwd' } } }] },
    { role: 'user', parts: [{ functionResponse: { name: 'run_shell_command', response: { output: 'a' } } }, { functionResponse: { name: 'run_shell_command', response: { error: 'denied' } } }] },
  ],
};

test('stream: thoughts are output but not inside candidatesTokenCount; cached part of the prompt split out; name ids', () => {
  const body = sse([
    [null, { candidates: [{ content: { role: 'model', parts: [{ text: 'Two ' }] } }], modelVersion: 'gemini-2.5-pro' }],
    [null, { candidates: [{ content: { role: 'model', parts: [{ text: 'files.' }, { functionCall: { name: 'read_file', args: { path: 'a' } } }] }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 250000, cachedContentTokenCount: 50000, candidatesTokenCount: 40, thoughtsTokenCount: 500, totalTokenCount: 250540 }, modelVersion: 'gemini-2.5-pro' }],
  ]);
  const c = gemini.parse(exchange({ path: '/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse', request, response: body, sse: true }), {});
  assert.deepEqual(c.usage, { inputUncached: 200000, cacheRead: 50000, cacheWrite5m: 0, cacheWrite1h: 0, output: 540, reasoning: 500, estimated: false });
  assert.equal(c.modelRequested, 'gemini-2.5-pro');
  assert.equal(c.outputText, 'Two files.');
  assert.deepEqual(c.toolCalls.map((t) => t.id), ['read_file#0']);
  assert.deepEqual(c.request.lastAssistant?.toolCallIds, ['run_shell_command#0', 'run_shell_command#1']);
  assert.deepEqual(c.request.toolResults.map((r) => [r.toolCallId, r.isError]), [['run_shell_command#0', false], ['run_shell_command#1', true]]);
  assert.equal(c.stream, true);
});

test('non-stream generateContent and an error body', () => {
  const ok = gemini.parse(
    exchange({ path: '/v1beta/models/gemini-2.5-flash:generateContent', request, response: { candidates: [{ content: { parts: [{ text: 'hi' }] }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 2 } } }),
    {},
  );
  assert.deepEqual([ok.usage?.inputUncached, ok.usage?.output, ok.usage?.reasoning], [10, 2, 0]);
  const err = gemini.parse(exchange({ path: '/v1beta/models/gemini-2.5-flash:generateContent', request, status: 429, response: { error: { code: 429, message: 'quota', status: 'RESOURCE_EXHAUSTED' } } }), {});
  assert.deepEqual(err.error, { status: 429, type: 'RESOURCE_EXHAUSTED', message: 'quota' });
});
