import { spawn } from 'node:child_process';

export interface CommandResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** the command could not be started at all (not found, not executable) */
  spawnError: string | null;
}

const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/**
 * Runs the agent with inherited stdio and the given environment. Terminal signals (Ctrl-C) reach the child through
 * its process group on their own, so the parent only ignores SIGINT while the child runs; other signals sent to
 * clawtrace are passed on to the child.
 */
export interface RunningCommand {
  done: Promise<CommandResult>;
  /** sends a signal to the agent (guardrail stop); no-op once it has exited */
  signal(sig: NodeJS.Signals): void;
}

export function runCommand(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): RunningCommand {
  const [cmd, ...args] = argv;
  if (!cmd) return { done: Promise.resolve({ exitCode: null, signal: null, spawnError: 'no command given' }), signal: () => undefined };
  const child = spawn(cmd, args, { stdio: 'inherit', env, cwd });
  const done = new Promise<CommandResult>((resolve) => {
    const handlers = new Map<NodeJS.Signals, () => void>();
    const onSigint = (): void => {
      // the child got the same Ctrl-C from the terminal; if not in a terminal, pass it on
      if (!process.stdin.isTTY) child.kill('SIGINT');
    };
    process.on('SIGINT', onSigint);
    for (const sig of FORWARDED_SIGNALS) {
      const h = (): void => {
        child.kill(sig);
      };
      handlers.set(sig, h);
      process.on(sig, h);
    }
    const cleanup = (): void => {
      process.off('SIGINT', onSigint);
      for (const [sig, h] of handlers) process.off(sig, h);
    };
    child.once('error', (err) => {
      cleanup();
      resolve({ exitCode: null, signal: null, spawnError: err.message });
    });
    child.once('exit', (code, signal) => {
      cleanup();
      resolve({ exitCode: code, signal, spawnError: null });
    });
  });
  return {
    done,
    signal(sig) {
      if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    },
  };
}

/** The exit code a shell would report for this result (128 + signal number for a killed child). */
export function shellExitCode(r: CommandResult): number {
  if (r.spawnError) return 127;
  if (r.exitCode !== null) return r.exitCode;
  const signals: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };
  return 128 + (r.signal ? (signals[r.signal] ?? 1) : 1);
}
