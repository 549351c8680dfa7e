/** Tool names that spawn a sub-agent, across the agents we know (one list, one place). */
const SPAWN_TOOL_NAMES = new Set([
  'task',
  'agent',
  'spawn_agent',
  'collaboration.spawn_agent',
  'sessions_spawn',
  'invoke_agent',
  'subagent',
  'delegate',
  'delegate_task',
  'run_subagent',
]);

export function isSpawnTool(name: string): boolean {
  return SPAWN_TOOL_NAMES.has(name.toLowerCase());
}
