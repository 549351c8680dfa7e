import fs from 'node:fs';
import type { Db } from '../store/db.js';
import { closeAbandonedSession, openRecordedSessions, type RecorderOwner } from '../store/sessions-repo.js';

/** A process's start time (clock ticks since boot, from /proc), which tells a live process from a reused pid. */
export function processStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch (err) {
    void err; // not Linux, or the process is gone
    return null;
  }
}

/** This process, as the owner of what it records. */
export function selfOwner(): RecorderOwner {
  return { pid: process.pid, start: processStart(process.pid) };
}

/** Is that process still the one that was running (same pid, same start time where known)? */
export function isAlive(owner: RecorderOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (owner.start === null) return true;
  const now = processStart(owner.pid);
  return now === null || now === owner.start;
}

/**
 * Closes every session whose recorder died without closing it (SIGKILL, a crash): it ends when its last exchange
 * ended, marked as such. Returns the ids closed. Never throws (a busy or read-only database just leaves them).
 */
export function closeAbandonedSessions(db: Db): string[] {
  const closed: string[] = [];
  try {
    for (const s of openRecordedSessions(db)) {
      if (isAlive(s.owner)) continue;
      closeAbandonedSession(db, s.id, `recorder exited without closing the session (pid ${s.owner.pid})`);
      closed.push(s.id);
    }
  } catch (err) {
    void err; // another process holds the lock or the disk is read-only: the next clawtrace will try again
  }
  return closed;
}
