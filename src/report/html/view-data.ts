/**
 * What an HTML page embeds, once, as JSON: everything its script draws, already computed, masked and cut here in
 * Node so the page only lays it out. Shared by the builders (Node) and the page's script (src/report/html/client).
 * Money is USD rounded to 6 decimals; null money means "could not be priced" and always travels with a count of
 * unpriced calls, so a page never shows an unpriced figure as $0.
 */

/** Tokens of a call: uncached input, cache read, cache write, output (reasoning included), reasoning. */
export type TokenTuple = [number, number, number, number, number];
/** USD of a call by what it paid for: uncached input, cache read, cache write, output. */
export type CostTuple = [number, number, number, number];

export interface SessionHeader {
  id: string;
  label: string | null;
  agent: string | null;
  /** the command as run, secrets masked */
  command: string | null;
  source: string;
  /** ISO 8601, UTC */
  started: string;
  durationS: number | null;
  outcome: string;
  outcomeSource: string;
  /** masked */
  evidence: string | null;
  branch: string | null;
  commit: string | null;
}

export interface ViewTotals {
  /** what the session was billed, as far as it could be priced; null when no call could be priced */
  usd: number | null;
  direct: number | null;
  auxiliary: number | null;
  /** the part of `direct` spent re-sending tool results (never added to `usd`); null when none of it could be priced */
  carried: number | null;
  /** tool uses whose carried cost could not be priced */
  carriedUnpriced: number;
  unpriced: number;
  estimated: number;
  llmCalls: number;
  toolUses: number;
  toolErrors: number;
  subAgents: number;
  cacheHitRate: number;
  /** input (cache included), cache read, cache write, output, reasoning */
  tokens: TokenTuple;
  /** the card's flags' wasted dollars, summed; flags that involve unpriced calls are counted apart */
  wasteUsd: number;
  wasteUnpriced: number;
}

export interface LlmStepView {
  k: 'llm';
  id: string;
  agent: string;
  /** ms since the session's first moment */
  at: number;
  dur: number | null;
  model: string;
  provider: string;
  tok: TokenTuple;
  /** null: the call could not be priced */
  usd: CostTuple | null;
  total: number | null;
  estimated: boolean;
  role: string;
  /** why it is a side call, when it is one */
  aux: string | null;
  error: string | null;
  /** indices into SessionView.flags of the flags that name this call or a tool it asked for */
  flags: number[];
  /** user text this call was the first to carry (masked, cut) */
  prompts: string[];
  /** the visible answer (masked, cut) */
  text: string;
  /** characters of the answer as stored (more than `text` holds when it was cut) */
  textChars: number;
}

export interface ToolStepView {
  k: 'tool';
  id: string;
  agent: string;
  at: number;
  dur: number | null;
  name: string;
  /** one line: the command, the path, or compact JSON (masked) */
  summary: string;
  /** the arguments as stored (masked, cut) */
  args: string;
  argsChars: number;
  /** the start of the result (masked); null when no result came back */
  result: string | null;
  resultTokens: number | null;
  /** characters of the whole result (the preview holds at most its first 200) */
  resultChars: number | null;
  /** USD later calls paid to re-send the result; null when a carrying call was unpriced */
  carried: number | null;
  /** the spawned sub-agent's whole cost, when it spawned one (null: some of it unpriced) */
  subagentUsd: number | null;
  isError: boolean;
  spawned: string | null;
  /** the LLM step that asked for it */
  by: string;
  flags: number[];
}

export type StepView = LlmStepView | ToolStepView;

export interface FlagView {
  kind: string;
  target: string;
  steps: string[];
  /** null when the flag involves unpriced calls */
  usd: number | null;
  evidence: string;
  /** the LLM steps to mark on the cost timeline: the flag's own calls and the calls that asked for its tools */
  calls: string[];
  /** any further fields a detector added, as text (masked) */
  extra: [string, string][];
}

export interface AgentView {
  id: string;
  kind: 'main' | 'subagent';
  label: string | null;
  parent: string | null;
  spawnedBy: string | null;
  /** 0 for the main agent, parent's depth + 1 for a sub-agent */
  depth: number;
  llmCalls: number;
  toolUses: number;
  /** its own calls' priced cost; null when it made calls and none could be priced */
  usd: number | null;
  unpriced: number;
  /** with every sub-agent below it (null: calls below, none priced) */
  subtreeUsd: number | null;
  subtreeUnpriced: number;
}

export interface MoneyRow {
  key: string;
  label: string;
  /** priced part; null when nothing in the row could be priced */
  usd: number | null;
  unpriced: number;
  count: number;
}

export interface ToolMoneyRow extends MoneyRow {
  errors: number;
  /** the cost of the calls that asked for it (a call asking for several tools is shared evenly) */
  roundTrip: number | null;
  roundTripUnpriced: number;
  carried: number | null;
  carriedUnpriced: number;
}

export interface MoneyView {
  byKind: MoneyRow[];
  byTool: ToolMoneyRow[];
  byModel: MoneyRow[];
}

export interface SessionView {
  view: 'session';
  session: SessionHeader;
  totals: ViewTotals;
  /** depth first: every sub-agent after its parent, children in the order they were spawned */
  agents: AgentView[];
  /** session order */
  steps: StepView[];
  /** by wasted dollars, largest first; unpriced ones last */
  flags: FlagView[];
  money: MoneyView;
  /** ms from the session's first moment to its last (the time axis) */
  spanMs: number;
  /** longest text a step carries in the page (characters) */
  textLimit: number;
}

export interface ReportSeries {
  /** model (or agent) names, largest spend first */
  names: string[];
  /** per report row, per name: USD (0 where absent) */
  values: number[][];
}

export interface ReportView {
  view: 'report';
  kind: string;
  tz: string;
  since: string | null;
  until: string | null;
  filters: [string, string][];
  /** rows are dates (daily, weekly, monthly): drawn as stacked columns in time order */
  timeSeries: boolean;
  rows: ReportRowView[];
  totals: ReportRowView;
  /** the stack of each row, from the rows' breakdowns; null without one */
  series: ReportSeries | null;
}

export interface ReportRowView {
  key: string;
  label: string;
  usd: number | null;
  unpriced: number;
  estimated: number;
  calls: number;
  sessions: number;
  tokens: TokenTuple;
  cacheHitRate: number;
  breakdown: ReportRowView[];
}

export type PageView = SessionView | ReportView;
