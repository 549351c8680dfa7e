import type { Session } from '../domain/session.js';
import type { Db } from '../store/db.js';
import { resolveSession, SessionNotFound } from '../store/sessions-repo.js';
import { UsageError } from './errors.js';

/** A session selector as the user typed it → the session, or a one-line usage error. */
export function sessionFromSelector(db: Db, selector: string): Session {
  try {
    return resolveSession(db, selector);
  } catch (err) {
    if (err instanceof SessionNotFound) throw new UsageError(err.message);
    throw err;
  }
}
