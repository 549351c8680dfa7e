import type { Session } from '../domain/session.js';
import type { ListedSession } from '../store/summaries-repo.js';
import { fmtDuration, fmtInt, fmtUsd } from './format.js';
import { promptText } from './prompt-text.js';
import { dropEmptyColumns, noteLines, renderTable, type Column, type Row } from './table.js';
import { localDateTime } from './time-zone.js';
import { projectLabels, type ProjectAliases } from './usage/projects.js';

/** One session as `clawtrace sessions --json` prints it. Money is the priced part; null when nothing was priced. */
export interface SessionRow {
  id: string;
  /** ISO 8601, UTC */
  started: string;
  label: string | null;
  tags: Record<string, string>;
  source: Session['source'];
  agent: string | null;
  project: string | null;
  first_prompt: string | null;
  main_model: string | null;
  models: string[];
  command: string;
  duration_ms: number | null;
  llm_calls: number;
  tool_uses: number;
  sub_agents: number;
  /** all input + output */
  tokens: number;
  cost_usd: number | null;
  unpriced_calls: number;
  estimated_calls: number;
  flags: number | null;
  /** what the flags say removing the waste would have saved (priced flags only) */
  wasted_usd: number | null;
  exit_code: number | null;
  outcome: string;
  /** false when the session's stored data could not be compiled (figures are zero then) */
  compiled: boolean;
}

export function sessionRow(l: ListedSession): SessionRow {
  const { session: s, summary: m } = l;
  const calls = m?.llmCalls ?? 0;
  const unpriced = m?.unpricedCalls ?? 0;
  return {
    id: s.id,
    started: new Date(s.startedAt).toISOString(),
    label: s.label,
    tags: s.tags,
    source: s.source,
    agent: s.agentName,
    project: m?.project ?? null,
    first_prompt: m?.firstPrompt ?? null,
    main_model: m?.mainModel ?? null,
    models: m?.models ?? [],
    command: s.command.join(' ') || (s.sourcePath ?? ''),
    duration_ms: s.endedAt === null ? null : Math.max(0, s.endedAt - s.startedAt),
    llm_calls: calls,
    tool_uses: m?.toolUses ?? 0,
    sub_agents: m?.subAgents ?? 0,
    tokens: m ? m.tokens.input + m.tokens.output : 0,
    cost_usd: m && !(calls > 0 && unpriced === calls) ? m.costUsd : null,
    unpriced_calls: unpriced,
    estimated_calls: m?.estimatedCalls ?? 0,
    flags: m?.flags?.count ?? null,
    wasted_usd: m?.flags && m.flags.count > m.flags.unpriced ? m.flags.wastedUsd : null,
    exit_code: s.exitCode,
    outcome: s.outcome.status,
    compiled: m !== null,
  };
}

function costCell(r: SessionRow): string {
  if (!r.compiled) return '?';
  if (r.cost_usd === null) return r.unpriced_calls > 0 ? `unpriced (${r.unpriced_calls})` : '';
  const base = `${r.estimated_calls > 0 ? '~' : ''}${fmtUsd(r.cost_usd)}`;
  return r.unpriced_calls > 0 ? `${base} +${r.unpriced_calls}?` : base;
}

function wastedCell(r: SessionRow): string {
  if (!r.flags) return '';
  const usd = r.wasted_usd === null ? '?' : fmtUsd(r.wasted_usd);
  return `${usd} (${r.flags})`;
}

/** What tells a session apart when it has no first prompt: how it was run. */
function whatCell(r: SessionRow): string {
  if (r.first_prompt) return promptText(r.first_prompt) ?? '';
  return r.source === 'import' || r.source === 'proxy' ? '' : r.command;
}

/**
 * The agent, and that it came through `clawtrace proxy` when it did; a client that is no known agent (an SDK script)
 * is named by the program the proxy found behind its connection.
 */
function agentCell(r: SessionRow): string {
  if (r.source !== 'proxy') return r.agent ?? '';
  if (r.agent) return `${r.agent} (via proxy)`;
  const program = r.command.split(' ').find((w, i) => i > 0 && !w.startsWith('-')) ?? r.command.split(' ')[0] ?? '';
  return program ? `${program.split('/').pop() ?? program} (via proxy)` : '(via clawtrace proxy)';
}

export interface SessionsTableOptions {
  /** terminal width; null = piped (plain, complete) */
  width: number | null;
  tz: string;
  aliases: ProjectAliases;
}

/** Below this width the list is compact: short dates, fewer columns (like ccusage at 80 columns). */
export const SESSIONS_COMPACT_BELOW = 120;

/**
 * The sessions list: when (local), project, agent, main model, first prompt, calls, cost, flags' wasted dollars,
 * outcome, and label and tags when any session has them; columns empty on every row are left out.
 */
export function renderSessionsTable(rows: readonly SessionRow[], opts: SessionsTableOptions): string {
  if (rows.length === 0) return 'no sessions yet: run `clawtrace record -- <agent command>`, `clawtrace import` or `clawtrace report`\n';
  const compact = opts.width !== null && opts.width < SESSIONS_COMPACT_BELOW;
  const labels = projectLabels(rows.map((r) => r.project).filter((p): p is string => p !== null), opts.aliases);
  const columns: Column[] = [
    { header: 'id', priority: 10 },
    { header: 'when', priority: 9 },
    { header: 'project', priority: 7 },
    { header: 'agent', priority: 4 },
    { header: 'model', priority: 3 },
    { header: 'first prompt', priority: 6, flex: true, minWidth: 14 },
    { header: 'calls', align: 'right', priority: 5 },
    { header: 'cost', align: 'right', priority: 9 },
    { header: 'wasted', align: 'right', priority: 8 },
    { header: 'took', align: 'right', priority: 2 },
    { header: 'outcome', priority: 4 },
    { header: 'label', priority: 6 },
    { header: 'tags', priority: 1 },
  ];
  const table: Row[] = rows.map((r) => {
    const when = localDateTime(opts.tz, Date.parse(r.started));
    return {
      cells: [
        r.id,
        compact ? when.slice(5) : when,
        r.project ? labels.get(r.project) ?? r.project : '',
        agentCell(r),
        r.main_model ?? '',
        whatCell(r),
        r.compiled ? fmtInt(r.llm_calls) : '?',
        costCell(r),
        wastedCell(r),
        r.duration_ms === null ? '' : fmtDuration(r.duration_ms),
        r.outcome === 'unknown' ? '' : r.outcome,
        r.label ?? '',
        Object.entries(r.tags).filter(([k]) => k !== 'imported_from').map(([k, v]) => `${k}=${v}`).join(' '),
      ],
    };
  });
  const kept = dropEmptyColumns(columns, table, (c) => c.header === 'id' || c.header === 'when' || c.header === 'cost');
  const notes = [`times in ${opts.tz}`];
  if (rows.some((r) => r.flags)) notes.push('wasted (n) = what n flags say the waste cost');
  if (rows.some((r) => r.unpriced_calls > 0)) notes.push('+N? = N calls could not be priced (not in the cost)');
  if (rows.some((r) => r.estimated_calls > 0)) notes.push('~ = estimated with a tokenizer');
  if (rows.some((r) => !r.compiled)) notes.push('? = could not be compiled (`clawtrace card <id>` says why)');
  return `${renderTable(kept.columns, kept.rows, { width: opts.width })}${noteLines(notes, opts.width)}`;
}
