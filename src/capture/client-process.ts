import fs from 'node:fs/promises';
import { processStart } from './owner.js';

/** The local process at the other end of a client connection (Linux: found through /proc). */
export interface ClientProcess {
  pid: number;
  /** start time, so a reused pid is a different client */
  start: string | null;
  argv: string[];
  cwd: string | null;
}

const hexPort = (port: number): string => port.toString(16).toUpperCase().padStart(4, '0');

/** The socket inode of the TCP connection from `clientPort` to `serverPort` on this machine, from /proc/net. */
async function socketInode(clientPort: number, serverPort: number): Promise<string | null> {
  const local = `:${hexPort(clientPort)}`;
  const remote = `:${hexPort(serverPort)}`;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = await fs.readFile(table, 'utf8');
    } catch (err) {
      void err; // no procfs (not Linux) or no IPv6 table
      continue;
    }
    for (const line of text.split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f[1]?.endsWith(local) && f[2]?.endsWith(remote) && f[9] && f[9] !== '0') return f[9];
    }
  }
  return null;
}

async function ownsSocket(pid: number, link: string): Promise<boolean> {
  let fds: string[];
  try {
    fds = await fs.readdir(`/proc/${pid}/fd`);
  } catch (err) {
    void err; // gone, or another user's
    return false;
  }
  for (const fd of fds) {
    try {
      if ((await fs.readlink(`/proc/${pid}/fd/${fd}`)) === link) return true;
    } catch (err) {
      void err; // closed meanwhile
    }
  }
  return false;
}

async function describe(pid: number): Promise<ClientProcess> {
  let argv: string[] = [];
  let cwd: string | null = null;
  try {
    argv = (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter((a) => a !== '');
    cwd = await fs.readlink(`/proc/${pid}/cwd`);
  } catch (err) {
    void err; // it exited meanwhile: what was read is what there is
  }
  return { pid, start: processStart(pid), argv, cwd };
}

/**
 * Which local process opened the connection from `clientPort` to our `serverPort`: the socket's inode from
 * /proc/net, then the process holding it. Processes already seen (`likely`) are looked at first, then the newest
 * processes. Null when it cannot be told (not Linux, another user's process, or it already closed the connection).
 * Runs once per connection, off the request path (asynchronous file reads only).
 */
export async function findClientProcess(clientPort: number, serverPort: number, likely: readonly number[] = []): Promise<ClientProcess | null> {
  const inode = await socketInode(clientPort, serverPort);
  if (!inode) return null;
  const link = `socket:[${inode}]`;
  for (const pid of likely) if (pid !== process.pid && (await ownsSocket(pid, link))) return describe(pid);
  let pids: number[];
  try {
    pids = (await fs.readdir('/proc')).filter((d) => /^\d+$/.test(d)).map(Number);
  } catch (err) {
    void err;
    return null;
  }
  pids.sort((a, b) => b - a);
  for (const pid of pids) {
    if (pid === process.pid || likely.includes(pid)) continue;
    if (await ownsSocket(pid, link)) return describe(pid);
  }
  return null;
}
