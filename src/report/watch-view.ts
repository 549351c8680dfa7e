import chalk from 'chalk';
import type { NormalizedCall } from '../domain/llm-call.js';
import type { Session } from '../domain/session.js';
import { totalInput } from '../domain/usage.js';
import { fmtDuration, fmtTokens, fmtUsd } from './format.js';

/** Prints each call of a session as it lands, with the session's running cost. */
export class WatchView {
  private calls = 0;
  private usd = 0;
  private unpriced = 0;

  constructor(
    private readonly session: Session,
    private readonly price: (call: NormalizedCall) => number | null,
    private readonly out: NodeJS.WritableStream = process.stdout,
  ) {
    this.out.write(`watching session ${session.id}${session.label ? ` (${session.label})` : ''} — Ctrl-C to stop\n`);
  }

  printCall(call: NormalizedCall, startedAt: number, endedAt: number | null): void {
    this.calls++;
    const usd = call.usage ? this.price(call) : 0;
    if (usd === null) this.unpriced++;
    else this.usd += usd;
    const time = new Date(startedAt).toISOString().slice(11, 19);
    const u = call.usage;
    const tools = call.toolCalls.map((t) => t.name).join(', ');
    const parts = [
      chalk.dim(time),
      `#${this.calls}`,
      call.model ?? '?',
      u ? `in ${fmtTokens(totalInput(u))} out ${fmtTokens(u.output)}` : 'no usage',
      usd === null ? chalk.yellow('unpriced') : fmtUsd(usd),
      fmtDuration(endedAt === null ? null : endedAt - startedAt),
      tools ? `→ ${tools}` : call.error ? chalk.red(`error: ${call.error.message.slice(0, 60)}`) : chalk.dim('reply'),
      chalk.bold(`total ${fmtUsd(this.usd)}${this.unpriced ? ` (+${this.unpriced} unpriced)` : ''}`),
    ];
    this.out.write(`${parts.join('  ')}\n`);
  }

  printEnd(session: Session | null): void {
    const how = !session?.endedAt
      ? 'stopped watching'
      : session.stoppedReason?.startsWith('recorder exited')
        ? `session ended: ${session.stoppedReason}`
        : `session ended (exit ${session.exitCode ?? session.signal ?? '-'})`;
    this.out.write(`${how}: ${this.calls} calls, ${fmtUsd(this.usd)}${this.unpriced ? ` (+${this.unpriced} unpriced)` : ''}\n`);
  }
}
