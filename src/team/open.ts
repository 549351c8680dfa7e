import { TeamStoreError } from './client.js';
import { openTeamStore, type TeamStore } from './client.js';
import { resolveTarget, TeamUrlError } from './url.js';

export { TeamStoreError, TeamUrlError };

/**
 * For commands: the team store named by `--to`/`--from` or CLAWTRACE_CLICKHOUSE_URL, opened and answering.
 * A bad URL throws TeamUrlError (a usage mistake); an unreachable or refusing server TeamStoreError.
 */
export async function openTeamFrom(given: string | undefined, env: NodeJS.ProcessEnv, flag: string): Promise<TeamStore> {
  return openTeamStore(resolveTarget(given, env, flag));
}
