import chalk from 'chalk';
import type { Flag } from '../compile/card/schema.js';
import type { StepCost } from '../domain/cost.js';
import type { LlmCallRecord } from '../domain/llm-call.js';
import type { LlmStep, SessionStructure, Step, ToolStep } from '../domain/model.js';
import type { Session } from '../domain/session.js';
import { cacheWrite, totalInput } from '../domain/usage.js';
import { fmtDuration, fmtTokens, fmtUsd } from './format.js';
import { promptText } from './prompt-text.js';
import { displayWidth } from './table.js';
import { localDateTime, zoneAbbreviation } from './time-zone.js';

export interface ShowInput {
  session: Session;
  structure: SessionStructure;
  costs: readonly StepCost[];
  /** the stored calls, for the user prompts and the assistant's text */
  calls: readonly LlmCallRecord[];
  flags: readonly Flag[];
  totalsLine: string;
  tz: string;
  /** terminal width; null = piped (nothing cut to fit) */
  width: number | null;
}

const TEXT_CHARS = 160;

function cut(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

function money(usd: number | null, estimated: boolean): string {
  if (usd === null) return chalk.yellow('unpriced');
  return `${estimated ? '~' : ''}${fmtUsd(usd)}`;
}

/** The steps each flag marks (a flag's first step is the one kept when it names several) and what it says. */
export function flagMarks(flags: readonly Flag[]): Map<string, string[]> {
  const marks = new Map<string, string[]>();
  for (const f of flags) {
    const waste = f.steps.length > 1 ? f.steps.slice(1) : f.steps;
    waste.forEach((id, i) => {
      const last = i === waste.length - 1;
      const usd = f.wasted_usd === null ? 'unpriced' : fmtUsd(f.wasted_usd);
      const text = last ? `⚑ ${f.kind} ${usd}${waste.length > 1 ? ` (${waste.length} steps)` : ''}` : `⚑ ${f.kind}`;
      marks.set(id, [...(marks.get(id) ?? []), text]);
    });
  }
  return marks;
}

function llmLine(s: LlmStep, c: StepCost | undefined, durationKnown: boolean): string {
  const u = s.usage;
  const tokens = u
    ? `in ${fmtTokens(totalInput(u))}${u.cacheRead ? chalk.dim(` (cache ${fmtTokens(u.cacheRead)})`) : ''}` +
      `${cacheWrite(u) ? chalk.dim(` (+write ${fmtTokens(cacheWrite(u))})`) : ''} out ${fmtTokens(u.output)}` +
      `${u.reasoning ? chalk.dim(` (reasoning ${fmtTokens(u.reasoning)})`) : ''}`
    : 'no usage';
  const notes = [
    s.auxiliary ? chalk.dim(`aux:${s.auxiliary}`) : null,
    s.refused ? chalk.red('refused') : null,
    s.error ? chalk.red(`error ${s.error.status ?? ''} ${cut(s.error.message, 60)}`) : null,
    s.complete ? null : chalk.red('incomplete'),
  ].filter((x): x is string => x !== null);
  return [
    chalk.bold(s.id),
    chalk.cyan('llm'),
    s.model ?? '?',
    tokens,
    chalk.green(money(c?.direct ?? null, c?.call?.estimated ?? false)),
    chalk.dim(durationKnown ? fmtDuration(s.durationMs) : 'unknown'),
    chalk.dim(s.role),
    ...notes,
  ].join('  ');
}

function toolLine(s: ToolStep, c: StepCost | undefined): string {
  const carried = c?.carried;
  const parts = [
    chalk.bold(s.id),
    chalk.magenta('tool'),
    s.name,
    chalk.dim(cut(s.args, 60)),
    s.resultTokens === null ? chalk.dim('no result') : `→ ${fmtTokens(s.resultTokens)} tok`,
    carried ? `carried ${money(carried, false)}` : null,
    c?.subagent ? `sub-agent ${money(c.subagent, false)}` : null,
    chalk.dim(fmtDuration(s.latencyMs)),
    s.isError ? chalk.red('error') : null,
  ];
  return parts.filter((x): x is string => x !== null).join('  ');
}

function header(input: ShowInput): string[] {
  const { session: s, tz } = input;
  const when = `${localDateTime(tz, s.startedAt, true)} ${zoneAbbreviation(tz, s.startedAt)}`;
  const took = s.endedAt === null ? 'duration unknown' : `took ${fmtDuration(Math.max(0, s.endedAt - s.startedAt))}`;
  const agent = [s.agentName, s.agentVersion].filter(Boolean).join(' ');
  const end = s.exitCode !== null ? `exit ${s.exitCode}` : s.signal ? `ended by ${s.signal}` : null;
  const outcome = s.outcome.status === 'unknown' ? null : `${s.outcome.status} (${s.outcome.source})`;
  const first = [chalk.bold(`session ${s.id}`), s.label ? `"${s.label}"` : null, agent || null, when, took, end, outcome, s.stoppedReason ? `stopped: ${s.stoppedReason}` : null];
  const lines = [first.filter((x): x is string => x !== null && x !== '').join('  '), input.totalsLine];
  if (s.source === 'import') lines.push(chalk.dim(`imported from ${s.sourcePath ?? 'agent logs'}: the logs do not say how long each LLM call took`));
  return lines;
}

/**
 * The session as the agent lived it: each agent's LLM calls in order with what the user asked and what the model
 * said in short, the tool uses each call asked for beneath it, sub-agents nested under the tool call that spawned
 * them, and the steps flags point at, with the dollars the flag says were wasted.
 */
export function renderShowTree(input: ShowInput): string {
  const { structure } = input;
  // a text line gets what is left of the width after its indent (and never more than TEXT_CHARS)
  const room = (indent: string, extra: number): number =>
    input.width === null ? TEXT_CHARS : Math.max(16, Math.min(TEXT_CHARS, input.width - displayWidth(indent) - extra));
  const costOf = new Map(input.costs.map((c) => [c.stepId, c]));
  const callOf = new Map(input.calls.map((c) => [c.id, c.call]));
  const marks = flagMarks(input.flags);
  const durationKnown = input.session.source !== 'import';
  const stepsByAgent = new Map<string, Step[]>();
  for (const s of structure.steps) stepsByAgent.set(s.agentId, [...(stepsByAgent.get(s.agentId) ?? []), s]);
  const agentById = new Map(structure.agents.map((a) => [a.id, a]));
  const spawned = new Map<string, string>(); // tool step id → agent id
  for (const a of structure.agents) if (a.spawnedByStepId) spawned.set(a.spawnedByStepId, a.id);
  const out = header(input);
  const flagged = (id: string): string => {
    const m = marks.get(id);
    return m ? `  ${chalk.red(m.join('  '))}` : '';
  };

  const renderAgent = (agentId: string, indent: string): void => {
    const agent = agentById.get(agentId);
    const title = agent?.kind === 'main' ? 'main' : `${agentId}${agent?.label ? ` (${agent.label})` : ''}`;
    out.push(`${indent}${chalk.bold.blue(title)}`);
    const steps = stepsByAgent.get(agentId) ?? [];
    const llmSteps = steps.filter((s): s is LlmStep => s.kind === 'llm');
    const toolById = new Map(steps.filter((s): s is ToolStep => s.kind === 'tool').map((s) => [s.id, s]));
    let lastUser: string | null = null;
    llmSteps.forEach((s, i) => {
      const call = callOf.get(s.callId);
      const first = i === 0 ? promptText(call?.request.firstUserText) : null;
      const user = s.auxiliary ? null : first ?? promptText(call?.request.lastUserText);
      if (user && user !== lastUser) out.push(`${indent}│ ${chalk.yellow('›')} ${cut(user, room(indent, 4))}`);
      if (user) lastUser = user;
      const lastLlm = i === llmSteps.length - 1;
      out.push(`${indent}${lastLlm ? '└─ ' : '├─ '}${llmLine(s, costOf.get(s.id), durationKnown)}${flagged(s.id)}`);
      const childIndent = `${indent}${lastLlm ? '   ' : '│  '}`;
      const said = call?.outputText.trim();
      if (said) out.push(`${childIndent}${chalk.dim(`“${cut(said, room(childIndent, 2))}”`)}`);
      s.toolStepIds.forEach((tid, j) => {
        const t = toolById.get(tid);
        if (!t) return;
        const lastTool = j === s.toolStepIds.length - 1;
        out.push(`${childIndent}${lastTool ? '└─ ' : '├─ '}${toolLine(t, costOf.get(t.id))}${flagged(t.id)}`);
        const child = spawned.get(t.id);
        if (child) renderAgent(child, `${childIndent}${lastTool ? '   ' : '│  '}`);
      });
    });
  };
  renderAgent('main', '');
  // sub-agents whose spawning call was not found still belong in the picture
  for (const a of structure.agents) {
    if (a.kind === 'subagent' && !a.spawnedByStepId) renderAgent(a.id, '');
  }
  if (input.flags.length > 0) out.push(chalk.dim(`⚑ = a flag on this step (\`clawtrace show ${input.session.id} --flags\` lists them by dollars)`));
  return `${out.join('\n')}\n`;
}
