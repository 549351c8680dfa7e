import type { StepCost } from '../../domain/cost.js';
import type { Step, ToolStep } from '../../domain/model.js';
import { totalInput } from '../../domain/usage.js';
import { maskSecrets } from './mask-secrets.js';
import { usd6, usd6OrNull } from './round.js';
import type { CardStep } from './schema.js';

const ARG_LIMIT = 80;

/** A one-line summary of a tool call's arguments: the command, the path, or compact JSON; secrets masked. */
export function argSummary(t: Pick<ToolStep, 'args'>): string {
  let text = t.args;
  try {
    const v: unknown = JSON.parse(t.args);
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const cmd = o['command'] ?? o['cmd'];
      const p = o['file_path'] ?? o['path'] ?? o['filePath'];
      if (typeof cmd === 'string') text = cmd;
      else if (Array.isArray(cmd)) text = cmd.filter((x) => typeof x === 'string').join(' ').replace(/^(ba)?sh -l?c /, '');
      else if (typeof p === 'string') text = p;
      else text = JSON.stringify(v);
    }
  } catch (err) {
    void err; // free-form arguments are summarized as they are
  }
  const one = maskSecrets(text.replace(/\s+/g, ' ').trim());
  return one.length > ARG_LIMIT ? `${one.slice(0, ARG_LIMIT - 1)}…` : one;
}

/** The card's compact line for one step. */
export function cardStep(s: Step, c: StepCost | undefined): CardStep {
  if (s.kind === 'llm') {
    return {
      id: s.id,
      agent: s.agentId,
      kind: 'llm',
      name: s.model ?? '?',
      args: null,
      tok_in: s.usage ? totalInput(s.usage) : 0,
      tok_out: s.usage?.output ?? 0,
      est: s.usage?.estimated ?? false,
      cost: usd6OrNull(c?.direct ?? null),
      carried: 0,
      dur_ms: s.durationMs === null ? null : Math.round(s.durationMs),
      role: s.role,
      aux: s.auxiliary,
      error: s.refused ? `refused by guardrail: ${s.error?.message.slice(0, 100) ?? ''}` : s.error ? maskSecrets(`${s.error.status ?? ''} ${s.error.message}`.trim().slice(0, 120)) : s.complete ? null : 'incomplete response',
    };
  }
  const carried = c?.carried ?? null;
  const sub = c?.subagent ?? 0;
  return {
    id: s.id,
    agent: s.agentId,
    kind: 'tool',
    name: s.name,
    args: argSummary(s),
    tok_in: 0,
    tok_out: s.resultTokens ?? 0,
    est: s.resultTokens !== null,
    cost: 0,
    carried: carried === null || (s.spawnedAgentId && c?.subagent === null) ? null : usd6(carried + (sub ?? 0)),
    dur_ms: s.latencyMs === null ? null : Math.round(s.latencyMs),
    role: null,
    aux: null,
    error: s.isError ? maskSecrets((s.resultPreview ?? 'error').replace(/\s+/g, ' ').slice(0, 120)) : s.resultIn === null ? 'no result returned' : null,
  };
}
