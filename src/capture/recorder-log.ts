import { appendFileNoFollow } from '../store/safe-files.js';

/**
 * Where recording failures go. They are never thrown into the agent's request path and never printed over the
 * agent's own output: they are appended to a log file next to the database and counted for the final summary.
 */
export class RecorderLog {
  errors = 0;
  private toldStderr = false;
  constructor(private readonly file: string | null) {}

  error(context: string, err: unknown): void {
    this.errors++;
    const msg = err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
    this.write(`ERROR ${context}: ${msg}`);
  }

  info(msg: string): void {
    this.write(`INFO ${msg}`);
  }

  private write(line: string): void {
    if (!this.file) return;
    try {
      appendFileNoFollow(this.file, `${new Date().toISOString()} ${line}\n`);
    } catch (err) {
      // the log itself failed (disk full, read-only, a link planted in its place): say so once on stderr
      if (!this.toldStderr) {
        this.toldStderr = true;
        process.stderr.write(`clawtrace: cannot write ${this.file}: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  }
}
