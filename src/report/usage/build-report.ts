import { ratio3, usd6 } from '../../compile/card/round.js';
import type { UsageQuery, UsageReport, UsageRow } from '../../domain/usage-report.js';
import type { Db } from '../../store/db.js';
import { aggregateFacts, distinctFactValues, factRange, type FactAggregate, type FactFilter, type FactGroup } from '../../store/usage-aggregate.js';
import { promptText } from '../prompt-text.js';
import { addDays, offsetSegments, startOfLocalDay } from '../time-zone.js';
import { matchProjects, projectLabels, type ProjectAliases } from './projects.js';

/** A filter that names nothing there is: the command says which values exist. */
export class FilterMatchesNothing extends Error {
  constructor(
    readonly option: 'project' | 'agent' | 'model',
    readonly value: string,
    readonly known: readonly string[],
  ) {
    super(`--${option} '${value}' matches no ${option} in the usage data`);
  }
}

function resolveFilter(db: Db, q: UsageQuery, aliases: ProjectAliases): FactFilter {
  const f = q.filters;
  const resolve = (option: 'project' | 'agent' | 'model', value: string | null, match: (v: string, known: string[]) => string[], known: () => string[]): string[] | null => {
    if (value === null) return null;
    const all = known();
    const hit = match(value, all);
    if (hit.length === 0) throw new FilterMatchesNothing(option, value, all);
    return hit;
  };
  const projectKeys = (): string[] => distinctFactValues(db, 'project');
  return {
    fromMs: q.since ? startOfLocalDay(q.tz, q.since) : null,
    toMs: q.until ? startOfLocalDay(q.tz, addDays(q.until, 1)) : null,
    projects: resolve('project', f.project, (v, known) => matchProjects(v, known, aliases), projectKeys),
    agents: resolve('agent', f.agent, (v, known) => known.filter((a) => a.toLowerCase().startsWith(v.toLowerCase())), () => distinctFactValues(db, 'agent_name')),
    models: resolve('model', f.model, (v, known) => known.filter((m) => m.toLowerCase().includes(v.toLowerCase())), () => distinctFactValues(db, 'model')),
  };
}

function groupOf(db: Db, q: UsageQuery, filter: FactFilter): FactGroup {
  switch (q.kind) {
    case 'daily':
    case 'weekly':
    case 'monthly': {
      const range = factRange(db, filter);
      const offsets = range ? offsetSegments(q.tz, range.min, range.max) : [{ until: null, offsetMs: 0 }];
      const by = q.kind === 'daily' ? 'day' : q.kind === 'monthly' ? 'month' : q.weekStart === 'sunday' ? 'week-sunday' : 'week-monday';
      return { by, offsets };
    }
    case 'sessions':
      return { by: 'session' };
    case 'projects':
      return { by: 'project' };
    case 'models':
      return { by: 'model' };
    case 'agents':
      return { by: 'agent' };
  }
}

function toRow(a: FactAggregate, key: string, label: string): UsageRow {
  return {
    key,
    label,
    cost_usd: usd6(a.cost_usd),
    unpriced_calls: a.unpriced_calls,
    estimated_calls: a.estimated_calls,
    tokens: { input: a.input, cache_read: a.cache_read, cache_write: a.cache_write, output: a.output, reasoning: a.reasoning },
    calls: a.calls,
    sessions: a.sessions,
    cache_hit_rate: a.input > 0 ? ratio3(a.cache_read / a.input) : 0,
  };
}

const sortedModels = (csv: string): string[] => (csv ? [...new Set(csv.split(','))].sort() : []);

/** How each row's key reads: a project's alias or short path, a session's label or first prompt. */
function labeller(db: Db, q: UsageQuery, keys: readonly (string | null)[], aliases: ProjectAliases): (key: string | null) => string {
  if (q.kind === 'projects') {
    const labels = projectLabels(keys.filter((k): k is string => k !== null), aliases);
    return (k) => (k === null ? '(unknown)' : labels.get(k) ?? k);
  }
  if (q.kind === 'sessions') {
    const rows = db
      .prepare(`SELECT s.id, s.label, m.first_prompt FROM sessions s LEFT JOIN session_summaries m ON m.session_id = s.id`)
      .all() as { id: string; label: string | null; first_prompt: string | null }[];
    const byId = new Map(rows.map((r) => [r.id, r.label ?? promptText(r.first_prompt) ?? '']));
    return (k) => (k === null ? '' : byId.get(k) ?? '');
  }
  return (k) => k ?? '(unknown)';
}

/** A usage report from the facts in the store (refresh them first): rows, optional per-model breakdown, totals. */
export function buildUsageReport(db: Db, q: UsageQuery, aliases: ProjectAliases = new Map()): UsageReport {
  const filter = resolveFilter(db, q, aliases);
  const group = groupOf(db, q, filter);
  const groups = aggregateFacts(db, filter, group);
  const label = labeller(db, q, groups.map((g) => g.key), aliases);
  const perModel = q.breakdown ? aggregateFacts(db, filter, group, true) : [];
  const breakdown = new Map<string | null, UsageRow[]>();
  for (const a of perModel) {
    const list = breakdown.get(a.key) ?? [];
    list.push(toRow(a, a.model ?? '?', a.model ?? '?'));
    breakdown.set(a.key, list);
  }
  const total = aggregateFacts(db, filter, { by: 'all' })[0];
  return assembleReport(
    q,
    groups.map((g) => ({ key: g.key, row: toRow(g, g.key ?? '', label(g.key)), models: sortedModels(g.models) })),
    breakdown,
    total ? { row: toRow(total, 'total', 'Total'), models: sortedModels(total.models) } : null,
  );
}

/** A group's figures as a row, and the models it used. */
export interface GroupRow<K> {
  key: K;
  row: UsageRow;
  models: string[];
}

/** The report both stores give for a query, from their groups (in order), per-model rows and totals. */
export function assembleReport<K>(q: UsageQuery, groups: readonly GroupRow<K>[], breakdown: ReadonlyMap<K, UsageRow[]>, total: Omit<GroupRow<K>, 'key'> | null): UsageReport {
  const rows = groups.map((g) => {
    const row: UsageRow = { ...g.row, models: g.models };
    if (q.breakdown) row.breakdown = breakdown.get(g.key) ?? [];
    return row;
  });
  return {
    kind: q.kind,
    tz: q.tz,
    since: q.since,
    until: q.until,
    filters: { ...q.filters },
    rows,
    totals: total ? { ...total.row, models: total.models } : emptyTotals(),
  };
}

/** The totals row of a report with no call in it. */
export function emptyTotals(): UsageRow {
  return {
    key: 'total',
    label: 'Total',
    cost_usd: 0,
    unpriced_calls: 0,
    estimated_calls: 0,
    tokens: { input: 0, cache_read: 0, cache_write: 0, output: 0, reasoning: 0 },
    calls: 0,
    sessions: 0,
    cache_hit_rate: 0,
    models: [],
  };
}
