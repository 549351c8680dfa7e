import type { ImportProgress } from '../import/run-import.js';

/** Import progress on one redrawn stderr line (callers clear it at the end). */
export function progressPrinter(): (p: ImportProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 200 && p.filesDone < p.filesTotal) return;
    last = now;
    const mb = (n: number): string => (n / 1024 / 1024).toFixed(0);
    process.stderr.write(`\rimporting: ${p.filesDone}/${p.filesTotal} files, ${mb(p.bytesDone)}/${mb(p.bytesTotal)} MB`);
  };
}

/** Progress of a long compile on one redrawn stderr line, only on a terminal and only when it is worth showing. */
export function compileProgress(): ((done: number, total: number) => void) | undefined {
  if (process.stderr.isTTY !== true) return undefined;
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (total < 20 || (now - last < 200 && done < total)) return;
    last = now;
    process.stderr.write(`\rcompiling sessions: ${done}/${total}${done === total ? '\r\x1b[2K' : ''}`);
  };
}
