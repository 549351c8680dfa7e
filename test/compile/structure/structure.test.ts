import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildStructure } from '../../../src/compile/structure/index.js';
import type { LlmStep, ToolStep } from '../../../src/domain/model.js';
import { call } from './build-calls.js';

const tools = (s: ReturnType<typeof buildStructure>) => s.steps.filter((x): x is ToolStep => x.kind === 'tool');
const llms = (s: ReturnType<typeof buildStructure>) => s.steps.filter((x): x is LlmStep => x.kind === 'llm');

test('parallel tool calls in one turn are paired by id with results that come back in any order', () => {
  const s = buildStructure([
    call({ t: 1, calls: [{ id: 'a', name: 'bash', args: '{"command":"ls"}' }, { id: 'b', name: 'read' }] }),
    call({ t: 2, msgs: 4, lastCalls: ['a', 'b'], results: [{ id: 'b', text: 'file body' }, { id: 'a', text: 'x\ny', error: true }], out: 'done' }),
  ]);
  const [a, b] = tools(s);
  assert.deepEqual([a?.id, a?.resultIn, a?.isError, b?.resultIn, b?.resultHash !== null], ['s2', 's4', true, 's4', true]);
  assert.equal(a?.latencyMs, 500, 'from the end of the response that asked to the start of the request that answered');
  assert.deepEqual(llms(s).map((x) => x.role), ['tool_call', 'final_reply']);
  assert.equal(s.agents.length, 1);
});

test('a request retried after a 500 stays in its thread and the failed attempt is kept as an error step', () => {
  const s = buildStructure([
    call({ t: 1, calls: [{ id: 'a', name: 'bash' }] }),
    call({ t: 2, msgs: 3, lastCalls: ['a'], results: [{ id: 'a' }], error: 500 }),
    call({ t: 3, msgs: 3, lastCalls: ['a'], results: [{ id: 'a' }], out: 'ok' }),
  ]);
  assert.equal(s.agents.length, 1);
  const steps = llms(s);
  assert.equal(steps[1]?.error?.status, 500);
  assert.deepEqual(steps.map((x) => x.agentId), ['main', 'main', 'main']);
});

test('a compacted history continues the thread with the same system prompt and tools', () => {
  const s = buildStructure([
    call({ t: 1, msgs: 1, calls: [{ id: 'a', name: 'bash' }] }),
    call({ t: 2, msgs: 3, lastCalls: ['a'], results: [{ id: 'a' }], out: 'long work' }),
    call({ t: 3, msgs: 2, head: 'compacted-head', lastText: 'summary of earlier work', out: 'continuing' }),
  ]);
  assert.equal(s.agents.length, 1);
  assert.deepEqual(llms(s).map((x) => x.agentId), ['main', 'main', 'main']);
});

test('two sub-agents running concurrently are linked to the right spawn calls by their prompts', () => {
  const s = buildStructure([
    call({ t: 1, firstUser: 'build the app', tools: ['bash', 'Task'], calls: [{ id: 'p1', name: 'Task', args: '{"prompt":"check the docs"}' }, { id: 'p2', name: 'Task', args: '{"prompt":"run the linter"}' }] }),
    call({ t: 2, firstUser: 'run the linter', system: 'sub', calls: [{ id: 'l1', name: 'bash' }] }),
    call({ t: 3, firstUser: 'check the docs', system: 'sub', calls: [{ id: 'd1', name: 'bash' }] }),
    call({ t: 4, firstUser: 'run the linter', system: 'sub', msgs: 3, lastCalls: ['l1'], results: [{ id: 'l1' }], out: 'lint ok' }),
    call({ t: 5, firstUser: 'check the docs', system: 'sub', msgs: 3, lastCalls: ['d1'], results: [{ id: 'd1' }], out: 'docs ok' }),
    call({ t: 6, firstUser: 'build the app', tools: ['bash', 'Task'], msgs: 4, lastCalls: ['p1', 'p2'], results: [{ id: 'p1', text: 'docs ok' }, { id: 'p2', text: 'lint ok' }], out: 'all good' }),
  ]);
  const spawn = tools(s).filter((t) => t.name === 'Task');
  const docs = s.agents.find((a) => a.spawnedByStepId === spawn[0]?.id);
  const lint = s.agents.find((a) => a.spawnedByStepId === spawn[1]?.id);
  assert.ok(docs && lint && docs.id !== lint.id);
  assert.equal(docs.linkEvidence, 'pending_spawn');
  assert.deepEqual(llms(s).filter((x) => x.agentId === docs.id).map((x) => x.startedAt), [3000, 5000]);
  assert.deepEqual(llms(s).filter((x) => x.agentId === lint.id).map((x) => x.startedAt), [2000, 4000]);
  assert.equal(spawn[0]?.spawnedAgentId, docs.id);
  assert.equal(spawn[0]?.resultIn, llms(s)[5]?.id, 'the spawn result came back to the parent at its last call');
});

test('Gemini-style name ids pair in order within a thread', () => {
  const s = buildStructure([
    call({ t: 1, calls: [{ id: 'run#0', name: 'run' }, { id: 'run#1', name: 'run' }] }),
    call({ t: 2, msgs: 3, lastCalls: ['run#0', 'run#1'], results: [{ id: 'run#0', text: 'one' }, { id: 'run#1', text: 'two' }], calls: [{ id: 'run#0', name: 'run' }] }),
    call({ t: 3, msgs: 5, lastCalls: ['run#0'], results: [{ id: 'run#0', text: 'three' }], out: 'done' }),
  ]);
  assert.deepEqual(tools(s).map((t) => t.resultPreview), ['one', 'two', 'three']);
});

test('a Codex sub-agent named by headers is linked to its parent thread', () => {
  const s = buildStructure([
    call({ t: 1, hints: { sessionKey: 'S', threadId: 'T1' }, tools: ['shell', 'spawn_agent'], calls: [{ id: 'sp', name: 'spawn_agent' }] }),
    call({ t: 2, hints: { sessionKey: 'S', threadId: 'T2', parentThreadId: 'T1', agentLabel: 'explorer' }, calls: [{ id: 'c', name: 'shell' }] }),
    call({ t: 3, hints: { sessionKey: 'S', threadId: 'T2', parentThreadId: 'T1' }, msgs: 3, results: [{ id: 'c' }], out: 'found' }),
  ]);
  const sub = s.agents.find((a) => a.kind === 'subagent');
  assert.equal(sub?.label, 'explorer');
  assert.equal(sub?.linkEvidence, 'header');
  assert.equal(sub?.spawnedByStepId, 's2');
  assert.equal(tools(s)[1]?.resultIn, 's5');
});

test('an asynchronous spawn (Codex) whose result came back before the child started is still the child’s spawn; a headerless later thread is not linked to it', () => {
  const s = buildStructure([
    call({ t: 1, hints: { sessionKey: 'S', threadId: 'T1' }, firstUser: 'fix it', tools: ['exec_command', 'collaboration.spawn_agent'], calls: [{ id: 'sp', name: 'collaboration.spawn_agent', args: '{"message":"look for callers"}' }] }),
    call({ t: 2, hints: { sessionKey: 'S', threadId: 'T1' }, firstUser: 'fix it', msgs: 3, lastCalls: ['sp'], results: [{ id: 'sp', text: '{"task_name":"/root/helper"}' }], calls: [{ id: 'w', name: 'collaboration.wait_agent' }] }),
    call({ t: 3, hints: { sessionKey: 'S', threadId: 'T2', parentThreadId: 'T1' }, firstUser: 'look for callers', calls: [{ id: 'c', name: 'exec_command' }] }),
    call({ t: 4, hints: { sessionKey: 'S', threadId: 'T2', parentThreadId: 'T1' }, firstUser: 'look for callers', msgs: 3, lastCalls: ['c'], results: [{ id: 'c' }], out: 'two callers' }),
    call({ t: 5, hints: { sessionKey: 'S', threadId: 'T1' }, firstUser: 'fix it', msgs: 5, lastCalls: ['w'], results: [{ id: 'w' }], out: 'done' }),
  ]);
  const sub = s.agents.find((a) => a.kind === 'subagent');
  const spawn = tools(s).find((t) => t.name === 'collaboration.spawn_agent');
  assert.ok(sub && spawn);
  assert.equal(spawn.resultIn, 's3', 'the spawn returned at once');
  assert.equal(sub.spawnedByStepId, spawn.id);
  assert.equal(spawn.spawnedAgentId, sub.id);
  assert.deepEqual(llms(s).filter((x) => x.agentId === sub.id).map((x) => x.startedAt), [3000, 4000]);
  // without a header naming the parent, a returned spawn is not a candidate: nothing links to it by timing alone
  const loose = buildStructure([
    call({ t: 1, firstUser: 'fix it', tools: ['bash', 'spawn_agent'], calls: [{ id: 'sp', name: 'spawn_agent', args: '{"message":"look"}' }] }),
    call({ t: 2, firstUser: 'fix it', tools: ['bash', 'spawn_agent'], msgs: 3, lastCalls: ['sp'], results: [{ id: 'sp' }], out: 'done' }),
    call({ t: 3, firstUser: 'something else', system: 'other', tools: ['bash'], calls: [{ id: 'x', name: 'bash' }] }),
  ]);
  assert.equal(tools(loose).find((t) => t.name === 'spawn_agent')?.spawnedAgentId, null);
});

test('tools reached through a search bridge (OpenClaw tool_call) are named after the tool they ran; a bridged spawn links its child', () => {
  const spawnArgs = '{"id":"openclaw:core:sessions_spawn","args":{"task":"look for callers","label":"helper"}}';
  const s = buildStructure([
    call({ t: 1, firstUser: 'fix it', tools: ['exec', 'tool_search', 'tool_call'], calls: [{ id: 'sp', name: 'tool_call', args: spawnArgs }] }),
    call({ t: 2, firstUser: 'look for callers', system: 'sub', tools: ['exec'], calls: [{ id: 'c', name: 'exec' }] }),
    call({ t: 3, firstUser: 'look for callers', system: 'sub', tools: ['exec'], msgs: 3, lastCalls: ['c'], results: [{ id: 'c' }], out: 'two callers' }),
    call({ t: 4, firstUser: 'fix it', tools: ['exec', 'tool_search', 'tool_call'], msgs: 3, lastCalls: ['sp'], results: [{ id: 'sp', text: 'two callers' }], calls: [{ id: 'x', name: 'tool_call', args: '{"id":"exec","args":{"command":"ls"}}' }] }),
    call({ t: 5, firstUser: 'fix it', tools: ['exec', 'tool_search', 'tool_call'], msgs: 5, lastCalls: ['x'], results: [{ id: 'x' }], out: 'done' }),
  ]);
  assert.deepEqual(tools(s).map((t) => t.name), ['sessions_spawn', 'exec', 'exec']);
  const sub = s.agents.find((a) => a.kind === 'subagent');
  assert.equal(sub?.spawnedByStepId, tools(s)[0]?.id);
  assert.equal(sub?.label, 'helper');
  // without tool_search declared, a tool that happens to be called tool_call keeps its name
  const plain = buildStructure([call({ t: 1, tools: ['tool_call'], calls: [{ id: 'a', name: 'tool_call', args: '{"id":"exec"}' }] })]);
  assert.equal(tools(plain)[0]?.name, 'tool_call');
});

test('an OpenClaw spawn answered "accepted" before its child ran, with no header: the child whose first prompt carries the task is linked; another is not', () => {
  const bridge = ['exec', 'sessions_yield', 'tool_search', 'tool_call'];
  const spawnArgs = '{"id":"sessions_spawn","args":{"task":"SUBTASK: look for callers of add","label":"helper","mode":"run"}}';
  const s = buildStructure([
    call({ t: 1, firstUser: 'fix it', tools: bridge, calls: [{ id: 'sp', name: 'tool_call', args: spawnArgs }] }),
    call({ t: 2, firstUser: 'fix it', tools: bridge, msgs: 3, lastCalls: ['sp'], results: [{ id: 'sp', text: '{"status":"accepted"}' }], calls: [{ id: 'y', name: 'sessions_yield' }] }),
    call({ t: 3, firstUser: 'summarize: fix it', system: 'recap', tools: [], out: 'recap' }),
    call({ t: 4, firstUser: '[Subagent Context] You are a subagent.\n\n[Subagent Task]\n\nSUBTASK: look for callers of add', system: 'sub', tools: ['exec'], calls: [{ id: 'c', name: 'exec' }] }),
    call({ t: 5, firstUser: '[Subagent Context] You are a subagent.', system: 'sub', tools: ['exec'], msgs: 3, lastCalls: ['c'], results: [{ id: 'c' }], out: 'two callers' }),
    call({ t: 6, firstUser: 'fix it', tools: bridge, msgs: 6, lastCalls: ['y'], results: [{ id: 'y' }], out: 'done' }),
    call({ t: 7, firstUser: 'an unrelated new task', system: 'sub', tools: ['exec'], calls: [{ id: 'z', name: 'exec' }] }),
  ]);
  const subs = s.agents.filter((a) => a.kind === 'subagent');
  assert.equal(subs.length, 1, 'only the child carrying the task becomes a sub-agent');
  const sub = subs[0];
  const spawn = tools(s).find((t) => t.name === 'sessions_spawn');
  assert.ok(sub && spawn);
  assert.equal(spawn.resultIn, 's3', 'the spawn had returned before the child started');
  assert.deepEqual([sub.spawnedByStepId, sub.linkEvidence, sub.label, spawn.spawnedAgentId], [spawn.id, 'prompt', 'helper', sub.id]);
  assert.deepEqual(llms(s).filter((x) => x.agentId === sub.id).map((x) => x.startedAt), [4000, 5000]);
  assert.equal(llms(s).find((x) => x.startedAt === 3000)?.auxiliary, 'no_tools_side_call');
  assert.equal(llms(s).find((x) => x.startedAt === 7000)?.agentId, 'main', 'a thread that carries no pending or returned task stays unlinked');
});

test('a tool-less title call before the loop is auxiliary, not an agent; a call never answered keeps no result', () => {
  const s = buildStructure([
    call({ t: 1, tools: [], out: 'Fix failing test', firstUser: 'Generate a title' }),
    call({ t: 2, calls: [{ id: 'a', name: 'bash' }] }),
  ]);
  const [title] = llms(s);
  assert.equal(title?.auxiliary, 'no_tools_side_call');
  assert.equal(s.agents.length, 1);
  assert.equal(tools(s)[0]?.resultIn, null);
});

test('10,000 steps in one thread build in linear time with the right counts', () => {
  const calls = [];
  for (let i = 0; i < 5000; i++) {
    calls.push(call({ t: i + 1, msgs: 1 + 2 * i, lastCalls: i ? [`c${i - 1}`] : undefined, results: i ? [{ id: `c${i - 1}` }] : [], calls: [{ id: `c${i}`, name: 'bash' }] }));
  }
  const s = buildStructure(calls);
  assert.equal(s.steps.length, 10_000);
  assert.equal(s.agents.length, 1);
  assert.equal(tools(s).filter((t) => t.resultIn !== null).length, 4999);
});

test('a log that names the spawning tool call links the sub-agent to it, whatever the order of pending spawns', () => {
  const s = buildStructure([
    call({ t: 1, tools: ['Task'], calls: [{ id: 'first', name: 'Task', args: '{"prompt":"a"}' }, { id: 'second', name: 'Task', args: '{"prompt":"b"}' }] }),
    call({ t: 2, firstUser: 'unrelated text', system: 'sub', hints: { threadId: 'sub-1', parentToolCallId: 'second' }, out: 'ok' }),
  ]);
  const sub = s.agents.find((a) => a.kind === 'subagent');
  assert.equal(sub?.linkEvidence, 'log');
  assert.equal(tools(s).find((t) => t.id === sub?.spawnedByStepId)?.toolCallId, 'second');
});
