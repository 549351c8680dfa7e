/**
 * Some agents hide most tools behind a search bridge: the model sees `tool_search` and calls the tool it found
 * through `tool_call {id, args}` (OpenClaw's compact tool surface). A step is named after the tool it really ran, so
 * that flags, cards and rules speak of `sessions_spawn` or `exec`, not of the bridge; the arguments stay as sent.
 */
const BRIDGE = 'tool_call';
const SEARCH = 'tool_search';

/**
 * The tool a call really ran: the bridged tool's name (`openclaw:core:sessions_spawn` → `sessions_spawn`), else its
 * own. A recorded request declares its tools (the bridge only counts beside `tool_search`); an imported log does not.
 */
export function effectiveToolName(name: string, argsJson: string, declared: readonly string[]): string {
  if (name !== BRIDGE || (declared.length > 0 && !declared.includes(SEARCH))) return name;
  let args: unknown;
  try {
    args = JSON.parse(argsJson) as unknown;
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return name; // arguments cut short by a truncated stream: keep the bridge's name
  }
  const id = typeof args === 'object' && args !== null ? (args as Record<string, unknown>)['id'] : undefined;
  if (typeof id !== 'string' || !id.trim()) return name;
  return id.slice(id.lastIndexOf(':') + 1) || name;
}
