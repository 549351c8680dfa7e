import fs from 'node:fs';

/** This process's peak and current resident memory (kB) from /proc, as the proxy bench's children report them. */
export function procMemoryKb(): { hwmKb: number; rssKb: number } {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  return { hwmKb: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]), rssKb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) };
}
