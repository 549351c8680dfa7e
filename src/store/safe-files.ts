import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Files clawtrace writes beside its database (`proxy.json`, `recorder.log`, the database itself) are never written
 * through a symbolic link: a link planted in `.clawtrace/` must not make us overwrite, append to or create a file
 * somewhere else. Every write here refuses a link instead of following it.
 */
export class LinkRefused extends Error {
  constructor(readonly file: string) {
    super(`refusing to write ${file}: it is a symbolic link (clawtrace never writes through links; remove it)`);
  }
}

/** Throws LinkRefused when `file` exists and is a symbolic link (a dangling one included). */
export function refuseLink(file: string): void {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (st.isSymbolicLink()) throw new LinkRefused(file);
}

const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/** Writes a whole file atomically (a private temporary file renamed over it), never through a link. */
export function writeFileNoFollow(file: string, data: string, mode = 0o600): void {
  refuseLink(file);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | NOFOLLOW, mode);
  try {
    fs.writeSync(fd, data);
  } finally {
    fs.closeSync(fd);
  }
  // rename replaces a link planted meanwhile by the file itself; it never writes to the link's target
  fs.renameSync(tmp, file);
}

/** Appends to a file, creating it private when missing; a link at that path makes the open fail (ELOOP). */
export function appendFileNoFollow(file: string, data: string, mode = 0o600): void {
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT | NOFOLLOW, mode);
  try {
    fs.writeSync(fd, data);
  } finally {
    fs.closeSync(fd);
  }
}

/** Creates an empty private file that must not exist yet (no link followed, nothing overwritten); false if it exists. */
export function createFileNoFollow(file: string, mode = 0o600): boolean {
  try {
    fs.closeSync(fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | NOFOLLOW, mode));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      refuseLink(file);
      return false;
    }
    throw err;
  }
}
