import type { Flag, TraceCard } from '../compile/card/schema.js';
import { round3, round6, type SettingAdvice } from './rule.js';

type Agent = 'claude-code' | 'codex' | 'openclaw' | 'gemini' | 'other';

function agentOf(card: TraceCard): Agent {
  const n = (card.session.agent.name ?? '').toLowerCase();
  if (n.includes('claude')) return 'claude-code';
  if (n.includes('codex')) return 'codex';
  if (n.includes('openclaw') || n === 'pi') return 'openclaw';
  if (n.includes('gemini')) return 'gemini';
  return 'other';
}

/** A kind of waste that a setting (or the way an agent is run) causes, and the setting to change, per agent. */
interface Topic {
  id: string;
  takes(f: Flag): boolean;
  problem: string;
  settings: Partial<Record<Agent, string>> & { other: string };
}

const TOPICS: readonly Topic[] = [
  {
    id: 'cache-expiry',
    takes: (f) => f.kind === 'cache_expiry',
    problem: 'idle gaps longer than the prompt cache lifetime: the next turn wrote the whole prompt to the cache again',
    settings: {
      'claude-code': 'set "promptCacheTtl": "1h" in Claude Code settings (1-hour cache writes cost 2x input instead of 1.25x; worth it when you step away for 5-60 minutes)',
      openclaw: 'set cacheRetention: "long" under agents.defaults.models["<provider/model>"].params (or a heartbeat under an hour keeps the cache warm)',
      codex: 'resume within a few minutes, or start a fresh session after a long break (OpenAI keeps a cached prefix for minutes of inactivity)',
      other: "resume within the cache's lifetime, or use the provider's 1-hour cache where it offers one",
    },
  },
  {
    id: 'model-switch',
    takes: (f) => f.kind === 'cache_miss' && /model changed/.test(f.cause),
    problem: 'a model switched mid-conversation: the new model had no cache of the conversation and wrote it all again',
    settings: {
      'claude-code': 'choose the model at the start of a session; run commands or skills that need another model as sub-agents (their own conversation), not in the main one',
      other: 'choose the model at the start of a session; run work for another model in a sub-agent of its own',
    },
  },
  {
    id: 'thinking-switch',
    takes: (f) => f.kind === 'cache_miss' && /thinking setting changed/.test(f.cause),
    problem: 'the thinking level changed mid-conversation: the cached messages could not be reused',
    settings: {
      openclaw: 'set the thinking level once per session (a default in agents.defaults) instead of switching it between turns',
      'claude-code': 'set the thinking budget once per session instead of switching it between turns',
      codex: 'keep model_reasoning_effort fixed within a session (a profile per kind of work)',
      other: 'keep the thinking or reasoning setting fixed within a session',
    },
  },
  {
    id: 'prompt-rebuilt',
    takes: (f) => f.kind === 'cache_miss' && /system prompt changed|tool list changed/.test(f.cause),
    problem: 'the system prompt or the tool list changed mid-conversation (tools connecting late, a rebuilt prompt): the whole prompt was written again',
    settings: { other: 'keep the tool set and system prompt fixed for a session: connect MCP servers before the first turn, and do not change instructions mid-session' },
  },
  {
    id: 'aborted-turns',
    takes: (f) => f.kind === 'cache_miss' && /aborted/.test(f.cause),
    problem: 'turns interrupted before their response was cached: the next turn wrote the prompt again',
    settings: { other: 'interrupt early rather than mid-response, and send the correction as the next message instead of restarting the turn' },
  },
  {
    id: 'cache-not-reused',
    takes: (f) => f.kind === 'cache_miss',
    problem: "the conversation's cached prefix was not reused although it continued within minutes (an earlier part of the prompt changed, cache breakpoints moved, or requests went to another region's cache)",
    settings: {
      'claude-code': "look at Claude Code's /usage prompt-cache line, which names the cause of each miss; on Bedrock or Vertex, pin one region instead of cross-region inference",
      openclaw: 'check what the agent re-injects at each turn (timestamps, context files) and keep it after the cached prefix',
      other: "check the agent's cache diagnostics; keep anything that changes per turn (timestamps, status) out of the start of the prompt; pin one region",
    },
  },
  {
    id: 'subagent-model',
    takes: (f) => f.kind === 'model_overkill',
    problem: 'sub-agents that only read and searched ran on a frontier model',
    settings: {
      'claude-code': 'give read-only sub-agents a cheaper model: model: haiku (or sonnet) in the agent definition under .claude/agents/, or CLAUDE_CODE_SUBAGENT_MODEL',
      codex: 'run exploring sub-agents on a smaller model (a mini model) through the sub-agent model setting of your config',
      openclaw: 'give exploring agents a cheaper model in agents.list[].model',
      other: 'run sub-agents that only read and search on a cheaper model of the same provider',
    },
  },
  {
    id: 'reasoning-effort',
    takes: (f) => f.kind === 'thinking_waste',
    problem: 'reasoning spent on turns that only updated a plan, waited, listed a folder or said they were ready',
    settings: {
      codex: 'lower model_reasoning_effort for routine sessions (medium or low) and raise it for the hard ones',
      'claude-code': 'lower the thinking budget for routine work (MAX_THINKING_TOKENS, or turn thinking off) and raise it for the hard ones',
      openclaw: 'use a lower thinking level for routine work and raise it for the hard tasks',
      other: 'lower the reasoning or thinking setting for routine work',
    },
  },
];

/**
 * Advice for the people who run the agents: waste that no instruction to the agent can remove (a setting, idle time,
 * the model it runs on), each with its dollars, the sessions it comes from, and the setting to change for the agents
 * that ran. Learned from every session, whatever its outcome: a setting's cost does not depend on the result.
 */
export function settingsAdvice(cards: readonly TraceCard[], spend: number): SettingAdvice[] {
  const out: SettingAdvice[] = [];
  const taken = new Set<Flag>();
  for (const topic of TOPICS) {
    let usd = 0;
    let occurrences = 0;
    const sessions = new Set<string>();
    const agents = new Set<Agent>();
    for (const card of cards) {
      for (const f of card.flags) {
        if (taken.has(f) || !topic.takes(f)) continue;
        taken.add(f);
        usd += f.wasted_usd ?? 0;
        occurrences++;
        sessions.add(card.session.id);
        agents.add(agentOf(card));
      }
    }
    if (occurrences === 0) continue;
    const names = [...agents].sort();
    const setting = names.map((a) => `${a === 'other' ? '' : `${a}: `}${topic.settings[a] ?? topic.settings.other}`).join(' | ');
    out.push({ id: topic.id, problem: topic.problem, setting, agents: names, usd: round6(usd), share_of_spend: spend > 0 ? round3(usd / spend) : 0, sessions: [...sessions].sort(), occurrences });
  }
  return out.sort((a, b) => b.usd - a.usd || a.id.localeCompare(b.id));
}
