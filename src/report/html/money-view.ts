import { usd6 } from '../../compile/card/round.js';
import type { TraceCard } from '../../compile/card/schema.js';
import type { StepCost } from '../../domain/cost.js';
import type { LlmStep, SessionStructure } from '../../domain/model.js';
import type { AgentView, MoneyRow, MoneyView, ToolMoneyRow } from './view-data.js';

/** A sum that remembers how many of its parts could not be priced. */
class PricedSum {
  usd = 0;
  priced = 0;
  unpriced = 0;
  add(v: number | null): void {
    if (v === null) this.unpriced++;
    else {
      this.usd += v;
      this.priced++;
    }
  }
  static of(usd: number, priced: number, unpriced: number): PricedSum {
    const p = new PricedSum();
    p.usd = usd;
    p.priced = priced;
    p.unpriced = unpriced;
    return p;
  }
  merge(o: PricedSum): void {
    this.usd += o.usd;
    this.priced += o.priced;
    this.unpriced += o.unpriced;
  }
  /** null when nothing was priced but something was not: never $0 for an unpriced figure */
  value(): number | null {
    return this.priced === 0 && this.unpriced > 0 ? null : usd6(this.usd);
  }
}

const ROLE_LABELS: Record<string, string> = {
  tool_call: 'calls that asked for tools',
  plan_then_tool: 'a plan, then tools',
  final_reply: 'final replies',
  thinking_only: 'thinking only',
  other: 'other calls',
};

function rowOf(key: string, label: string, sum: PricedSum, count: number): MoneyRow {
  return { key, label, usd: sum.value(), unpriced: sum.unpriced, count };
}

const byUsd = (a: { usd: number | null; key: string }, b: { usd: number | null; key: string }): number =>
  (b.usd ?? -1) - (a.usd ?? -1) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** LLM calls' cost by what they did (their role), side calls apart. */
function byKind(llm: readonly LlmStep[], cost: Map<string, StepCost>): MoneyRow[] {
  const sums = new Map<string, { sum: PricedSum; n: number }>();
  for (const s of llm) {
    const key = s.auxiliary ? 'auxiliary' : s.role;
    const e = sums.get(key) ?? { sum: new PricedSum(), n: 0 };
    e.sum.add(cost.get(s.id)?.direct ?? null);
    e.n++;
    sums.set(key, e);
  }
  return [...sums.entries()]
    .map(([key, e]) => rowOf(key, key === 'auxiliary' ? 'side calls (titles, routers, counts)' : (ROLE_LABELS[key] ?? key), e.sum, e.n))
    .sort(byUsd);
}

/** Tools: the round trips they cost (the calls that asked for them) and what re-sending their results cost. */
function byTool(structure: SessionStructure, cost: Map<string, StepCost>): ToolMoneyRow[] {
  const llmById = new Map(structure.steps.filter((s): s is LlmStep => s.kind === 'llm').map((s) => [s.id, s]));
  const rows = new Map<string, { trip: PricedSum; carried: PricedSum; uses: number; errors: number }>();
  for (const t of structure.steps) {
    if (t.kind !== 'tool') continue;
    const r = rows.get(t.name) ?? { trip: new PricedSum(), carried: new PricedSum(), uses: 0, errors: 0 };
    r.uses++;
    if (t.isError) r.errors++;
    const asker = llmById.get(t.requestedBy);
    const askerCost = asker ? (cost.get(asker.id)?.direct ?? null) : 0;
    r.trip.add(askerCost === null ? null : askerCost / Math.max(1, asker?.toolStepIds.length ?? 1));
    r.carried.add(cost.get(t.id)?.carried ?? null);
    rows.set(t.name, r);
  }
  return [...rows.entries()]
    .map(([name, r]): ToolMoneyRow => {
      const trip = r.trip.value();
      const carried = r.carried.value();
      const both = trip === null && carried === null ? null : usd6((trip ?? 0) + (carried ?? 0));
      return {
        key: name, label: name, usd: both, unpriced: r.trip.unpriced + r.carried.unpriced, count: r.uses, errors: r.errors,
        roundTrip: trip, roundTripUnpriced: r.trip.unpriced, carried, carriedUnpriced: r.carried.unpriced,
      };
    })
    .sort(byUsd);
}

/** The card's by-model split, as rows. */
function byModel(card: TraceCard): MoneyRow[] {
  return card.totals.by_model.map((m) => ({
    key: `${m.provider}/${m.model}`,
    label: `${m.model} (${m.provider})`,
    usd: m.cost_usd,
    unpriced: m.unpriced_calls,
    count: m.calls,
  }));
}

export function moneyView(structure: SessionStructure, costs: readonly StepCost[], card: TraceCard): MoneyView {
  const cost = new Map(costs.map((c) => [c.stepId, c]));
  const llm = structure.steps.filter((s): s is LlmStep => s.kind === 'llm');
  return { byKind: byKind(llm, cost), byTool: byTool(structure, cost), byModel: byModel(card) };
}

/**
 * The agent tree, depth first (children in the order they were spawned), each agent with its own cost (the card's
 * by-agent figures) and its subtree's. A sub-agent whose parent is unknown hangs under the main agent's level.
 */
export function agentViews(structure: SessionStructure, card: TraceCard): AgentView[] {
  const figures = new Map(card.totals.by_agent.map((a) => [a.agent, a]));
  const order = new Map(structure.steps.map((s, i) => [s.id, i]));
  const known = new Set(structure.agents.map((a) => a.id));
  const children = new Map<string | null, typeof structure.agents>();
  for (const a of structure.agents) {
    const parent = a.parentAgentId !== null && known.has(a.parentAgentId) && a.parentAgentId !== a.id ? a.parentAgentId : null;
    const list = children.get(parent) ?? [];
    list.push(a);
    children.set(parent, list);
  }
  const spawnIndex = (id: string | null): number => (id === null ? Number.MAX_SAFE_INTEGER : (order.get(id) ?? Number.MAX_SAFE_INTEGER));
  for (const list of children.values()) list.sort((x, y) => (x.kind === 'main' ? -1 : y.kind === 'main' ? 1 : spawnIndex(x.spawnedByStepId) - spawnIndex(y.spawnedByStepId)));
  const out: AgentView[] = [];
  const visited = new Set<string>();
  const visit = (a: (typeof structure.agents)[number], depth: number, parent: string | null): PricedSum => {
    visited.add(a.id);
    const f = figures.get(a.id);
    const calls = f?.llm_calls ?? 0;
    const unpriced = f?.unpriced_calls ?? 0;
    const own = PricedSum.of(f?.cost_usd ?? 0, calls - unpriced, unpriced);
    const v: AgentView = {
      id: a.id, kind: a.kind, label: a.label, parent, spawnedBy: a.spawnedByStepId, depth,
      llmCalls: calls, toolUses: f?.tool_uses ?? 0, usd: own.value(), unpriced, subtreeUsd: null, subtreeUnpriced: 0,
    };
    out.push(v);
    const sub = PricedSum.of(own.usd, own.priced, own.unpriced);
    for (const c of children.get(a.id) ?? []) if (!visited.has(c.id)) sub.merge(visit(c, depth + 1, a.id));
    v.subtreeUsd = sub.value();
    v.subtreeUnpriced = sub.unpriced;
    return sub;
  };
  for (const root of children.get(null) ?? []) if (!visited.has(root.id)) visit(root, 0, null);
  return out;
}
