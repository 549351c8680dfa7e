import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getScenario } from '../../src/scripted/scenarios.js';
import { classifyTools, withBridgedTools, type Scenario, type TurnContext } from '../../src/scripted/turn.js';

const subagent = getScenario('subagent') as Scenario;

/** A turn as the Anthropic reader would see it, after the bridge pass the server applies. */
function turn(p: { tools: string[]; system?: string; assistantTurns: number; first: string; last?: string }): TurnContext {
  return withBridgedTools({
    api: 'anthropic',
    model: 'claude-sonnet-4-5',
    stream: true,
    tools: p.tools,
    ...classifyTools(p.tools),
    assistantTurns: p.assistantTurns,
    toolResults: [],
    firstUserText: p.first,
    lastUserText: p.last ?? p.first,
    systemText: p.system ?? '',
  });
}

const OPENCLAW_TOOLS = ['exec', 'read', 'sessions_yield', 'tool_call', 'tool_describe', 'tool_search'];
const OPENCLAW_SYSTEM = '## Tooling\n- exec: Run shell\n### Deferred Tool Schemas\n- agents_list (core): List agents\n- sessions_spawn (core): Spawn child session\n';

test('the scripted sub-agent scenario reaches a spawn tool listed as deferred behind a search bridge (OpenClaw), then yields', () => {
  const first = turn({ tools: OPENCLAW_TOOLS, system: OPENCLAW_SYSTEM, assistantTurns: 0, first: 'run the commands' });
  assert.deepEqual(subagent(first).toolCalls, [
    { name: 'tool_call', args: { id: 'sessions_spawn', args: { task: 'SUBTASK: run one command and report', label: 'helper', mode: 'run' } } },
  ]);
  assert.deepEqual(subagent({ ...first, assistantTurns: 1 }).toolCalls, [{ name: 'sessions_yield', args: {} }]);
  // resumed with the child's report (which quotes the task): the parent's own work, not the child's
  const resumed = turn({ tools: OPENCLAW_TOOLS, system: OPENCLAW_SYSTEM, assistantTurns: 2, first: 'run the commands', last: 'task: SUBTASK: run one command; sub-agent report: the command printed clawtrace-subagent' });
  assert.deepEqual(subagent(resumed).toolCalls, [{ name: 'exec', args: { command: 'echo clawtrace-step-1', description: 'run a command' } }]);
  assert.equal(subagent({ ...resumed, assistantTurns: 4 }).text, 'done: sub-agent reported, ran two commands');
  const child = turn({ tools: ['exec', 'read'], assistantTurns: 0, first: '[Subagent Task]\n\nSUBTASK: run one command and report' });
  assert.deepEqual(subagent(child).toolCalls?.[0]?.args, { command: 'echo clawtrace-subagent', description: 'run a command' });
});

test('no bridge without tool_search, and a declared spawn tool is called directly', () => {
  const noSearch = turn({ tools: ['exec', 'tool_call'], system: OPENCLAW_SYSTEM, assistantTurns: 0, first: 'go' });
  assert.equal(noSearch.spawnTool, null);
  const declared = turn({ tools: ['Bash', 'Task'], assistantTurns: 0, first: 'go' });
  assert.equal(declared.bridgeTool, undefined);
  assert.equal(subagent(declared).toolCalls?.[0]?.name, 'Task');
});
