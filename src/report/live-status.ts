import type { GuardTotals } from '../capture/guardrails/guard.js';
import type { Limits } from '../capture/guardrails/limits.js';
import { fmtTokens, fmtUsd } from './format.js';

/**
 * A one-line status on stderr while an agent is recorded (calls, tokens, cost so far, limits), redrawn in place and
 * cleared at the end. Off when stderr is not a terminal or with --quiet, so logs and pipes never see it.
 */
export class LiveStatus {
  private shown = false;
  private lastDraw = 0;

  constructor(
    readonly enabled: boolean,
    private readonly limits: Limits,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  static forTerminal(limits: Limits, quiet: boolean): LiveStatus {
    return new LiveStatus(!quiet && process.stderr.isTTY === true, limits);
  }

  update(t: GuardTotals, model: string | null): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < 100) return; // at most 10 redraws a second
    this.lastDraw = now;
    const limits = [
      this.limits.maxUsd !== null ? `≤$${this.limits.maxUsd}` : null,
      this.limits.maxCalls !== null ? `≤${this.limits.maxCalls} calls` : null,
      this.limits.maxTokens !== null ? `≤${fmtTokens(this.limits.maxTokens)} tok` : null,
    ].filter(Boolean);
    const unpriced = t.unpricedCalls > 0 ? ` (+${t.unpricedCalls} unpriced)` : '';
    const line =
      `clawtrace ▸ ${t.calls} calls · ${fmtTokens(t.tokens)} tok · ${fmtUsd(t.usd)}${unpriced}` +
      `${model ? ` · ${model}` : ''}${limits.length ? ` · limits ${limits.join(', ')}` : ''}`;
    const width = this.out.columns ?? 120;
    this.out.write(`\r\x1b[2K${line.slice(0, Math.max(10, width - 1))}`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.out.write('\r\x1b[2K');
    this.shown = false;
  }
}
