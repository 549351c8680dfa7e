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
