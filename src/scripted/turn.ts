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
const WAIT_NAMES = ['collaboration.wait_agent', 'wait_agent'];

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
    case 'collaboration.spawn_agent':
      // Codex multi_agent_v2: a fresh child (no forked history) named by task_name
      return { task_name: 'helper', message: prompt, fork_turns: 'none' };
    default:
      return { prompt, task: prompt };
  }
}
