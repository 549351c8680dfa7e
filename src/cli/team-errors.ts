import { TeamStoreError, TeamUrlError } from '../team/open.js';
import { UsageError, UserFacingError } from './errors.js';

/** Runs a team-store action, turning its failures into the CLI's one-line errors (a bad URL is a usage mistake). */
export async function withTeamErrors<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof TeamUrlError) throw new UsageError(err.message);
    if (err instanceof TeamStoreError) throw new UserFacingError(err.message);
    throw err;
  }
}
