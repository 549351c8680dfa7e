import fs from 'node:fs';

/**
 * Where recording failures go. They are never thrown into the agent's request path and never printed over the
 * agent's own output: they are appended to a log file next to the database and counted for the final summary.
 */
export class RecorderLog {
  errors = 0;
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
      fs.appendFileSync(this.file, `${new Date().toISOString()} ${line}\n`, { mode: 0o600 });
    } catch (err) {
      // the log itself failed (disk full, read-only): count it, and say so once on stderr
      if (this.errors <= 1) process.stderr.write(`clawtrace: cannot write ${this.file}: ${String(err)}\n`);
    }
  }
}
