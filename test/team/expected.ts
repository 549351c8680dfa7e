import { compileSession } from '../../src/compile/compile-session.js';
import type { PriceTable } from '../../src/compile/pricing/rates.js';
import { usageFacts } from '../../src/compile/usage-facts.js';
import type { UsageFact, UsageQuery, UsageReport, UsageRow } from '../../src/domain/usage-report.js';
import type { Db } from '../../src/store/db.js';
import { findGitRoot } from '../../src/store/location.js';
import { listSessions } from '../../src/store/sessions-repo.js';

/**
 * The usage report computed by hand in the test, from the same facts the push sends, with plain loops and Intl
 * dates: an implementation that shares nothing with the ClickHouse SQL it checks.
 */
export interface Facts {
  facts: UsageFact[];
  /** session id → what the sessions report should call it */
  labels: Map<string, string>;
  starts: Map<string, number>;
}

export function factsOf(db: Db, table: PriceTable): Facts {
  const out: Facts = { facts: [], labels: new Map(), starts: new Map() };
  for (const s of listSessions(db)) {
    const c = compileSession(db, s.id, table);
    const project = s.cwd === null ? null : (findGitRoot(s.cwd) ?? s.cwd);
    out.facts.push(...usageFacts(c.session, c.structure, c.costs, project));
    const first = db.prepare(`SELECT json_extract(call_json, '$.request.firstUserText') AS t FROM llm_calls WHERE session_id = ? ORDER BY started_at, seq, id LIMIT 1`).get(s.id) as { t: string | null } | undefined;
    const prompt = first?.t?.replace(/\s+/g, ' ').trim() ?? '';
    out.labels.set(s.id, s.label ?? (prompt ? (prompt.length > 60 ? `${prompt.slice(0, 59)}…` : prompt) : s.id));
    out.starts.set(s.id, s.startedAt);
  }
  return out;
}

/** Two machines' facts, each session once (the same imported session pushed from both is one session). */
export function merge(a: Facts, b: Facts): Facts {
  const seen = new Set(a.facts.map((f) => f.sessionId));
  return {
    facts: [...a.facts, ...b.facts.filter((f) => !seen.has(f.sessionId))],
    labels: new Map([...b.labels, ...a.labels]),
    starts: new Map([...b.starts, ...a.starts]),
  };
}

function localDate(ms: number, tz: string): string {
  // calls are stored to the second
  const d = new Date(Math.floor(ms / 1000) * 1000);
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(d);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

function monday(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = Date.UTC(y, m - 1, d);
  const back = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - back * 86_400_000).toISOString().slice(0, 10);
}

function keyOf(f: UsageFact, q: UsageQuery): string {
  switch (q.kind) {
    case 'daily':
      return localDate(f.startedAt, q.tz);
    case 'weekly':
      return monday(localDate(f.startedAt, q.tz));
    case 'monthly':
      return localDate(f.startedAt, q.tz).slice(0, 7);
    case 'sessions':
      return f.sessionId;
    case 'projects':
      return f.project ?? '';
    case 'models':
      return f.model ?? '';
    case 'agents':
      return f.agentName ?? '';
  }
}

function sum(facts: UsageFact[], key: string, label: string): UsageRow {
  let cost = 0;
  const tokens = { input: 0, cache_read: 0, cache_write: 0, output: 0, reasoning: 0 };
  for (const f of facts) {
    cost += f.costUsd ?? 0;
    tokens.input += f.inputUncached;
    tokens.cache_read += f.cacheRead;
    tokens.cache_write += f.cacheWrite;
    tokens.output += f.output;
    tokens.reasoning += f.reasoning;
  }
  const all = tokens.input + tokens.cache_read + tokens.cache_write;
  return {
    key,
    label,
    cost_usd: Math.round(cost * 1e6) / 1e6,
    unpriced_calls: facts.filter((f) => f.costUsd === null).length,
    estimated_calls: facts.filter((f) => f.estimated).length,
    tokens,
    calls: facts.length,
    sessions: new Set(facts.map((f) => f.sessionId)).size,
    cache_hit_rate: all > 0 ? Math.round((tokens.cache_read / all) * 1000) / 1000 : 0,
  };
}

function group(facts: UsageFact[], by: (f: UsageFact) => string): Map<string, UsageFact[]> {
  const m = new Map<string, UsageFact[]>();
  for (const f of facts) m.set(by(f), [...(m.get(by(f)) ?? []), f]);
  return m;
}

const byCost = (a: UsageRow, b: UsageRow): number => b.cost_usd - a.cost_usd || (a.key < b.key ? -1 : 1);

function models(facts: UsageFact[]): UsageRow[] {
  return [...group(facts, (f) => f.model ?? '')].map(([k, fs]) => sum(fs, k, k || '(unknown model)')).sort(byCost);
}

export function expectedReport(data: Facts, q: UsageQuery): UsageReport {
  const facts = data.facts.filter((f) => {
    const day = localDate(f.startedAt, q.tz);
    if (q.since !== null && day < q.since) return false;
    if (q.until !== null && day > q.until) return false;
    if (q.filters.project !== null && (f.project ?? '') !== q.filters.project) return false;
    if (q.filters.agent !== null && (f.agentName ?? '') !== q.filters.agent) return false;
    if (q.filters.model !== null && (f.model ?? '') !== q.filters.model) return false;
    return true;
  });
  const unknown = { projects: '(unknown project)', models: '(unknown model)', agents: '(unknown agent)' } as Record<string, string>;
  const rows = [...group(facts, (f) => keyOf(f, q))].map(([k, fs]) => {
    const label = q.kind === 'sessions' ? (data.labels.get(k) ?? k) : k === '' ? (unknown[q.kind] ?? k) : k;
    const row = sum(fs, k, label);
    return q.breakdown ? { ...row, breakdown: models(fs) } : row;
  });
  if (q.kind === 'sessions') rows.sort((a, b) => (data.starts.get(a.key) ?? 0) - (data.starts.get(b.key) ?? 0));
  else if (['daily', 'weekly', 'monthly'].includes(q.kind)) rows.sort((a, b) => (a.key < b.key ? -1 : 1));
  else rows.sort(byCost);
  const totals = sum(facts, 'total', 'Total');
  return {
    kind: q.kind,
    tz: q.tz,
    since: q.since,
    until: q.until,
    filters: { project: q.filters.project, agent: q.filters.agent, model: q.filters.model },
    rows,
    totals: q.breakdown ? { ...totals, breakdown: models(facts) } : totals,
  };
}

/** A report with every dollar figure cut to the cent, for "equal to the cent". */
export function toCents(r: UsageReport): UsageReport {
  const row = (x: UsageRow): UsageRow => ({
    ...x,
    cost_usd: Math.round(x.cost_usd * 100) / 100,
    ...(x.breakdown ? { breakdown: x.breakdown.map(row) } : {}),
  });
  return { ...r, rows: r.rows.map(row), totals: row(r.totals) };
}
