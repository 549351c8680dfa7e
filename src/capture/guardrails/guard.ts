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
  /** USD a call of this model could cost at most with these tokens (a reservation); null when unpriced */
  estimate?: (e: { provider: string; model: string | null; input: number; output: number }) => number | null;
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

/** What the proxy knows of a model call before forwarding it (its body only when a limit needs it). */
export interface CallRequest {
  provider: string;
  path: string;
  body: Buffer | null;
}

/** A model call forwarded and not yet settled: counted at most at this much until its usage is known. */
interface Reservation {
  tokens: number;
  usd: number;
  /** its response is over (the agent may already send the next request); only its usage is still to come */
  ended: boolean;
}

export type GuardDecision = { ticket: number } | { refusal: Refusal };

/** Output tokens reserved for a call that names no maximum of its own. */
const DEFAULT_OUTPUT_RESERVE = 16_384;

/** The request's own output cap (max_tokens and its aliases), when it names one. */
function maxOutput(text: string): number | null {
  const m = /"(?:max_tokens|max_output_tokens|max_completion_tokens|maxOutputTokens)"\s*:\s*(\d+)/.exec(text);
  return m ? Number(m[1]) : null;
}

/** Does a request body return tool results at all (any wire format)? Only those can continue a blocked loop. */
function carriesToolResults(body: Buffer | null): boolean {
  if (!body) return false;
  return ['"tool_call_id"', '"tool_use_id"', '"function_call_output"', '"functionResponse"'].some((k) => body.includes(k));
}

function modelOf(text: string, path: string): string | null {
  return /"model"\s*:\s*"([^"]{1,200})"/.exec(text)?.[1] ?? /\/models\/([^/:?]+)/.exec(path)?.[1] ?? null;
}

/**
 * Running totals of one session and the checks made before each call is forwarded. A call is admitted against the
 * settled totals plus a reservation for every call still in flight (one call, and at most its prompt's bytes plus its
 * output cap in tokens and their price); when those reservations could decide it, the call waits for them to settle.
 * So under any concurrency a limit lets through exactly the calls a one-at-a-time run would have.
 */
export class Guard {
  /** settled: calls whose usage is known */
  readonly totals: GuardTotals = { calls: 0, tokens: 0, usd: 0, unpricedCalls: 0 };
  private readonly reserved = new Map<number, Reservation>();
  private readonly waiting: { r: CallRequest; resolve: (d: GuardDecision) => void }[] = [];
  private nextTicket = 1;
  readonly refusals: Refusal[] = [];
  private readonly repeats = new Map<string, number>();
  /** tool call ids whose result must not be sent back: the loop they belong to hit --max-repeats */
  private readonly blocked = new Map<string, string>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly limits: Limits,
    private readonly hooks: GuardHooks,
  ) {}

  /** The loop breaker looks for blocked tool results in the body; budgets estimate a call from it. */
  get needsRequestBody(): boolean {
    return this.limits.maxRepeats !== null || this.limits.maxUsd !== null || this.limits.maxTokens !== null;
  }

  /** Admits a model call now, refuses it, or (when calls in flight could decide it) answers once they settle. */
  admit(r: CallRequest): GuardDecision | Promise<GuardDecision> {
    if (this.waiting.length === 0) {
      const d = this.decide(r);
      if (d !== 'wait') return d;
    }
    return new Promise((resolve) => this.waiting.push({ r, resolve }));
  }

  /** The call's response is over; its usage is on its way. */
  ended(ticket: number): void {
    const res = this.reserved.get(ticket);
    if (res) res.ended = true;
  }

  /** The call's usage is known (null: it was no model call after all, or nothing reached the provider). */
  settle(ticket: number, call: NormalizedCall | null): void {
    if (!this.reserved.delete(ticket)) return;
    if (call) this.onCall(call);
    this.wake();
  }

  /** A reservation whose call was never sent. */
  release(ticket: number): void {
    if (this.reserved.delete(ticket)) this.wake();
  }

  private wake(): void {
    while (this.waiting.length > 0) {
      const head = this.waiting[0];
      if (!head) break;
      const d = this.decide(head.r);
      if (d === 'wait') break;
      this.waiting.shift();
      head.resolve(d);
    }
  }

  private decide(r: CallRequest): GuardDecision | 'wait' {
    const l = this.limits;
    const inFlight = [...this.reserved.values()];
    // the loop breaker needs the tool calls of every response already over, when this request returns tool results
    if (l.maxRepeats !== null && inFlight.some((x) => x.ended) && carriesToolResults(r.body)) return 'wait';
    const refusal = this.check(r.body);
    if (refusal) return { refusal };
    const text = r.body && (l.maxUsd !== null || l.maxTokens !== null) ? r.body.toString('latin1') : '';
    const res: Reservation = { tokens: 0, usd: 0, ended: false };
    if (text) {
      res.tokens = (r.body?.length ?? 0) + (maxOutput(text) ?? DEFAULT_OUTPUT_RESERVE);
      const est = l.maxUsd !== null ? this.hooks.estimate?.({ provider: r.provider, model: modelOf(text, r.path), input: r.body?.length ?? 0, output: res.tokens - (r.body?.length ?? 0) }) : null;
      res.usd = est ?? 0;
    }
    if (inFlight.length > 0) {
      const t = this.totals;
      const sum = (f: (x: Reservation) => number): number => inFlight.reduce((n, x) => n + f(x), 0);
      const over =
        (l.maxCalls !== null && t.calls + inFlight.length >= l.maxCalls) ||
        (l.maxUsd !== null && t.usd + sum((x) => x.usd) >= l.maxUsd) ||
        (l.maxTokens !== null && t.tokens + sum((x) => x.tokens) >= l.maxTokens);
      if (over) return 'wait';
    }
    const ticket = this.nextTicket++;
    this.reserved.set(ticket, res);
    return { ticket };
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
