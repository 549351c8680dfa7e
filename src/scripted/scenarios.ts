import { callTool, shellArgs, spawnArgs, type Reply, type Scenario, type TurnContext } from './turn.js';

/** The marker a spawned sub-agent's prompt starts with, so the scenario knows which conversation it is in. */
export const SUBTASK_MARKER = 'SUBTASK:';

function shell(turn: TurnContext, command: string): Reply {
  return turn.shellTool ? { toolCalls: [{ name: turn.shellTool, args: shellArgs(turn.shellTool, command) }] } : { text: `(would run: ${command})` };
}

const echo: Scenario = (turn) => ({ text: `scripted reply to: ${turn.lastUserText.slice(0, 80) || '(empty)'}` });

/** Runs a shell command twice, then finishes. */
const shellTwice: Scenario = (turn) => {
  if (!turn.shellTool) return echo(turn);
  if (turn.assistantTurns === 0) return shell(turn, 'echo clawtrace-step-1');
  if (turn.assistantTurns === 1) return shell(turn, 'echo clawtrace-step-2');
  return { text: 'done: ran two commands' };
};

const REPORT = 'sub-agent report:';

/** A sub-agent's conversation carries the marker; a parent's continuation that carries the child's report is not one. */
function inSubagent(turn: TurnContext): boolean {
  if (turn.lastUserText.includes(REPORT)) return false;
  return turn.firstUserText.includes(SUBTASK_MARKER) || turn.lastUserText.includes(SUBTASK_MARKER);
}

/**
 * Spawns a sub-agent (which runs one command and reports), waits for it where spawning is asynchronous (Codex),
 * runs two commands itself, then finishes.
 */
const subagent: Scenario = (turn) => {
  if (inSubagent(turn) || !turn.spawnTool) {
    if (turn.assistantTurns === 0) return shell(turn, 'echo clawtrace-subagent');
    return { text: `${REPORT} the command printed clawtrace-subagent` };
  }
  if (turn.assistantTurns === 0) {
    return { toolCalls: [callTool(turn, turn.spawnTool, spawnArgs(turn.spawnTool, `${SUBTASK_MARKER} run one command and report`))] };
  }
  const waited = turn.waitTool ? 1 : 0;
  if (turn.waitTool && turn.assistantTurns === 1) {
    // Codex waits for the child; OpenClaw yields the turn and is resumed with the child's report
    return { toolCalls: [{ name: turn.waitTool, args: turn.waitTool === 'sessions_yield' ? {} : { timeout_ms: 60_000 } }] };
  }
  if (turn.assistantTurns === 1 + waited) return shell(turn, 'echo clawtrace-step-1');
  if (turn.assistantTurns === 2 + waited) return shell(turn, 'echo clawtrace-step-2');
  return { text: 'done: sub-agent reported, ran two commands' };
};

/** Asks for the same command forever (for the loop breaker). */
const loop: Scenario = (turn) => shell(turn, 'ls -la');

const REGISTRY = new Map<string, Scenario>([
  ['echo', echo],
  ['shell-twice', shellTwice],
  ['subagent', subagent],
  ['loop', loop],
]);

/** Adds a scenario (the demo registers its own). */
export function registerScenario(name: string, s: Scenario): void {
  REGISTRY.set(name, s);
}

export function getScenario(name: string): Scenario | null {
  return REGISTRY.get(name) ?? null;
}

export function scenarioNames(): string[] {
  return [...REGISTRY.keys()].sort();
}
