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
  const links = await Promise.all(
    fds.map((fd) =>
      fs.readlink(`/proc/${pid}/fd/${fd}`).catch((err: unknown) => {
        void err; // closed meanwhile
        return '';
      }),
    ),
  );
  return links.includes(link);
}

/** The first of `pids` (looked at in parallel, a few at a time, in order) that holds the socket. */
async function owner(pids: readonly number[], link: string): Promise<number | null> {
  const AT_ONCE = 16;
  for (let i = 0; i < pids.length; i += AT_ONCE) {
    const slice = pids.slice(i, i + AT_ONCE);
    const hits = await Promise.all(slice.map((pid) => ownsSocket(pid, link)));
    const at = hits.indexOf(true);
    if (at >= 0) return slice[at] ?? null;
  }
  return null;
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
  let pids: number[];
  try {
    pids = (await fs.readdir('/proc')).filter((d) => /^\d+$/.test(d)).map(Number);
  } catch (err) {
    void err;
    return null;
  }
  // clients already seen first, then the newest processes (a client that just started)
  pids = pids.filter((p) => p !== process.pid && !likely.includes(p)).sort((a, b) => b - a);
  const pid = await owner([...likely.filter((p) => p !== process.pid), ...pids], link);
  return pid === null ? null : describe(pid);
}
