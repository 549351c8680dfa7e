import type { NormalizedCall } from '../../domain/llm-call.js';
import { totalTokens } from '../../domain/usage.js';
import { canonicalJson } from '../../util/hash.js';
import type { Limits } from './limits.js';

export interface GuardTotals {
  calls: number;
  tokens: number;
  usd: number;
  unpricedCalls: number;
}

export interface Refusal {
  /** which limit: max_usd, max_calls, max_tokens, max_repeats */
  limit: string;
  message: string;
  totals: GuardTotals;
}

export interface GuardHooks {
  /** USD of one call, null when its model has no price (it then counts by tokens only) */
  price: (call: NormalizedCall) => number | null;
  warn: (message: string) => void;
  /** a limit was hit in --on-limit stop mode */
  stop: (refusal: Refusal) => void;
}

function argsKey(args: string): string {
  try {
    return canonicalJson(JSON.parse(args));
  } catch (err) {
    void err; // free-form (non-JSON) arguments compare as text
    return args.trim();
  }
}

/**
 * Running totals of one session and the checks made before each call is forwarded. Totals are updated the moment a
 * call's response is over (before the agent can send the next one), so a limit stops the right call, not one late.
 */
export class Guard {
  readonly totals: GuardTotals = { calls: 0, tokens: 0, usd: 0, unpricedCalls: 0 };
  readonly refusals: Refusal[] = [];
  private readonly repeats = new Map<string, number>();
  /** tool call ids whose result must not be sent back: the loop they belong to hit --max-repeats */
  private readonly blocked = new Map<string, string>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly limits: Limits,
    private readonly hooks: GuardHooks,
  ) {}

  /** The loop breaker has to look for blocked tool results in the request body before forwarding it. */
  get needsRequestBody(): boolean {
    return this.limits.maxRepeats !== null;
  }

  /** Listener for each recorded call. */
  onCall(call: NormalizedCall): void {
    this.totals.calls++;
    if (call.usage) this.totals.tokens += totalTokens(call.usage);
    const usd = call.usage ? this.hooks.price(call) : 0;
    if (usd === null) this.totals.unpricedCalls++;
    else this.totals.usd += usd;
    this.countRepeats(call);
    this.warnNearLimits();
  }

  private countRepeats(call: NormalizedCall): void {
    const max = this.limits.maxRepeats;
    if (max === null) return;
    const thread = call.hints.threadId ?? call.hints.sessionKey ?? '';
    for (const tc of call.toolCalls) {
      const key = `${thread}\u0000${tc.name}\u0000${argsKey(tc.args)}`;
      const n = (this.repeats.get(key) ?? 0) + 1;
      this.repeats.set(key, n);
      if (n >= max) {
        const args = tc.args.length > 80 ? `${tc.args.slice(0, 79)}…` : tc.args;
        this.blocked.set(tc.id, `the tool call ${tc.name} ${args} was requested ${n} times in this thread (--max-repeats ${max})`);
      }
    }
  }

  private warnNearLimits(): void {
    const checks: [string, number | null, number][] = [
      ['max-usd', this.limits.maxUsd, this.totals.usd],
      ['max-calls', this.limits.maxCalls, this.totals.calls],
      ['max-tokens', this.limits.maxTokens, this.totals.tokens],
    ];
    for (const [name, limit, value] of checks) {
      if (limit === null || this.warned.has(name) || value < 0.8 * limit) continue;
      this.warned.add(name);
      this.hooks.warn(`clawtrace: ${Math.round((value / limit) * 100)}% of --${name} ${limit} used`);
    }
  }

  private describeTotals(): string {
    const t = this.totals;
    const unpriced = t.unpricedCalls > 0 ? `; ${t.unpricedCalls} call(s) had no price and count by tokens only` : '';
    return `$${t.usd.toFixed(4)} over ${t.calls} calls, ${t.tokens} tokens${unpriced}`;
  }

  /** Decides whether the next call may go upstream. `body` is the request body when needsRequestBody. */
  check(body: Buffer | null): Refusal | null {
    const l = this.limits;
    const t = this.totals;
    let refusal: Refusal | null = null;
    const refuse = (limit: string, what: string): Refusal => ({
      limit,
      message: `clawtrace guardrail: ${what} (${this.describeTotals()}); this session is not allowed further model calls`,
      totals: { ...t },
    });
    if (l.maxCalls !== null && t.calls >= l.maxCalls) refusal = refuse('max_calls', `call limit of ${l.maxCalls} reached`);
    else if (l.maxUsd !== null && t.usd >= l.maxUsd) refusal = refuse('max_usd', `budget of $${l.maxUsd} reached`);
    else if (l.maxTokens !== null && t.tokens >= l.maxTokens) refusal = refuse('max_tokens', `token limit of ${l.maxTokens} reached`);
    else if (body && this.blocked.size > 0) {
      const text = body.toString('utf8');
      for (const [id, why] of this.blocked) {
        if (text.includes(`"${id}"`)) {
          refusal = {
            limit: 'max_repeats',
            message: `clawtrace guardrail: loop stopped: ${why}; try a different approach`,
            totals: { ...t },
          };
          break;
        }
      }
    }
    if (refusal) {
      this.refusals.push(refusal);
      if (l.onLimit === 'stop') this.hooks.stop(refusal);
    }
    return refusal;
  }
}
