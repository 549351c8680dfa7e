/** What a scenario sees of one request, the same whatever wire format carried it. */
export interface TurnContext {
  api: 'anthropic' | 'openai-chat' | 'openai-responses' | 'gemini';
  model: string;
  stream: boolean;
  tools: string[];
  /** the declared tool that runs shell commands, if any */
  shellTool: string | null;
  /** the declared tool that spawns a sub-agent, if any */
  spawnTool: string | null;
  /** the declared tool that waits for a spawned sub-agent to finish (Codex `collaboration.wait_agent`), if any */
  waitTool: string | null;
  /**
   * the tool that calls a tool hidden behind a search bridge (OpenClaw's `tool_call {id, args}`), when a tool above
   * (spawnTool) is one of those: the system prompt lists it as deferred instead of declaring it
   */
  bridgeTool?: string | null;
  /** tools declared inside a namespace (OpenAI Responses `type: namespace`), as `namespace.name` */
  namespaced?: string[];
  /** assistant turns already in the conversation: the step number */
  assistantTurns: number;
  /** tool results sent back in this request */
  toolResults: { id: string; text: string }[];
  firstUserText: string;
  lastUserText: string;
  systemText: string;
  /** the schema of a structured-output request, when the client asked for JSON */
  jsonSchema?: unknown;
}

export interface ScriptedToolCall {
  name: string;
  args: Record<string, unknown>;
}

export interface Reply {
  text?: string;
  toolCalls?: ScriptedToolCall[];
  /** reasoning tokens to report (o-series / thinking models) */
  reasoningTokens?: number;
  /** a fault instead of (or in the middle of) the reply; see faults.ts */
  fault?: string;
}

export type Scenario = (turn: TurnContext) => Reply;

const SHELL_NAMES = ['bash', 'shell', 'exec_command', 'run_shell_command', 'local_shell', 'container.exec', 'exec'];
const SPAWN_NAMES = ['task', 'agent', 'spawn_agent', 'collaboration.spawn_agent', 'invoke_agent', 'sessions_spawn', 'subagent'];
const WAIT_NAMES = ['collaboration.wait_agent', 'wait_agent', 'sessions_yield'];

export function findTool(tools: readonly string[], names: readonly string[]): string | null {
  for (const n of names) {
    const hit = tools.find((t) => t.toLowerCase() === n);
    if (hit) return hit;
  }
  return null;
}

export function classifyTools(tools: string[]): { shellTool: string | null; spawnTool: string | null; waitTool: string | null } {
  return { shellTool: findTool(tools, SHELL_NAMES), spawnTool: findTool(tools, SPAWN_NAMES), waitTool: findTool(tools, WAIT_NAMES) };
}

/**
 * Tools a client hides behind a search bridge (declares `tool_search` + `tool_call`, lists the rest in its system
 * prompt as `- name (source): summary`): a spawn tool found there is reachable through the bridge.
 */
export function withBridgedTools(turn: TurnContext): TurnContext {
  if (turn.spawnTool || !turn.tools.includes('tool_call') || !turn.tools.includes('tool_search')) return turn;
  const deferred = [...turn.systemText.matchAll(/^- ([A-Za-z0-9_.]+) \(/gm)].map((m) => m[1] ?? '');
  const spawnTool = findTool(deferred, SPAWN_NAMES);
  return spawnTool ? { ...turn, spawnTool, bridgeTool: 'tool_call' } : turn;
}

/** A call of `name`: direct when the tool is declared, through the bridge when it is deferred behind one. */
export function callTool(turn: TurnContext, name: string, args: Record<string, unknown>): ScriptedToolCall {
  return turn.bridgeTool && !turn.tools.includes(name) ? { name: turn.bridgeTool, args: { id: name, args } } : { name, args };
}

/** Arguments for a shell command in the shape each agent's shell tool expects. */
export function shellArgs(tool: string, command: string): Record<string, unknown> {
  switch (tool.toLowerCase()) {
    case 'exec_command':
      return { cmd: command };
    case 'shell':
    case 'local_shell':
    case 'container.exec':
      return { command: ['bash', '-lc', command] };
    default:
      return { command, description: 'run a command' };
  }
}

/** Arguments for a spawn tool in the shape each agent expects. */
export function spawnArgs(tool: string, prompt: string): Record<string, unknown> {
  switch (tool) {
    case 'Task':
    case 'Agent':
      return { description: 'helper sub-task', prompt, subagent_type: 'general-purpose' };
    case 'task':
      // opencode's own sub-agent names
      return { description: 'helper sub-task', prompt, subagent_type: 'general' };
    case 'spawn_agent':
      return { task: prompt, message: prompt };
    case 'sessions_spawn':
      // OpenClaw: a one-shot background child whose reply comes back to the parent as a completion event
      return { task: prompt, label: 'helper', mode: 'run' };
    case 'collaboration.spawn_agent':
      // Codex multi_agent_v2: a fresh child (no forked history) named by task_name
      return { task_name: 'helper', message: prompt, fork_turns: 'none' };
    default:
      return { prompt, task: prompt };
  }
}
