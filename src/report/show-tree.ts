import chalk from 'chalk';
import type { Flag } from '../compile/card/schema.js';
import type { StepCost } from '../domain/cost.js';
import type { LlmCallRecord } from '../domain/llm-call.js';
import type { LlmStep, SessionStructure, Step, ToolStep } from '../domain/model.js';
import type { Session } from '../domain/session.js';
import { cacheWrite, totalInput } from '../domain/usage.js';
import { fmtDuration, fmtTokens, fmtUsd } from './format.js';
import { promptText } from './prompt-text.js';
import { fitParts, type Part } from './fit-parts.js';
import { displayWidth, noteLines } from './table.js';
import { localDateTime, zoneAbbreviation } from './time-zone.js';
import { maskSecrets } from '../util/secrets.js';

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

function llmLine(s: LlmStep, c: StepCost | undefined, durationKnown: boolean): Part[] {
  const u = s.usage;
  const dim = (t: string): string => chalk.dim(t);
  const red = (t: string): string => chalk.red(t);
  const tokens: Part[] = u
    ? [
        { text: `in ${fmtTokens(totalInput(u))}` },
        { text: u.cacheRead ? `(cache ${fmtTokens(u.cacheRead)})` : '', style: dim, drop: 4 },
        { text: cacheWrite(u) ? `(+write ${fmtTokens(cacheWrite(u))})` : '', style: dim, drop: 4 },
        { text: `out ${fmtTokens(u.output)}` },
        { text: u.reasoning ? `(reasoning ${fmtTokens(u.reasoning)})` : '', style: dim, drop: 3 },
      ]
    : [{ text: 'no usage' }];
  return [
    { text: s.id, style: (t) => chalk.bold(t) },
    { text: 'llm', style: (t) => chalk.cyan(t) },
    { text: s.model ?? '?', cut: true },
    ...tokens,
    { text: money(c?.direct ?? null, c?.call?.estimated ?? false), style: (t) => chalk.green(t) },
    { text: durationKnown ? fmtDuration(s.durationMs) : 'unknown', style: dim, drop: 2 },
    { text: s.role, style: dim, drop: 5 },
    { text: s.auxiliary ? `aux:${s.auxiliary}` : '', style: dim },
    { text: s.refused ? 'refused' : '', style: red },
    { text: s.error ? `error ${s.error.status ?? ''} ${cut(s.error.message, 60)}` : '', style: red, drop: 1 },
    { text: s.complete ? '' : 'incomplete', style: red },
  ];
}

function toolLine(s: ToolStep, c: StepCost | undefined): Part[] {
  const carried = c?.carried;
  const dim = (t: string): string => chalk.dim(t);
  return [
    { text: s.id, style: (t) => chalk.bold(t) },
    { text: 'tool', style: (t) => chalk.magenta(t) },
    { text: s.name },
    { text: cut(maskSecrets(s.args), 60), style: dim, cut: true },
    { text: s.resultTokens === null ? 'no result' : `→ ${fmtTokens(s.resultTokens)} tok`, drop: 3 },
    { text: carried === null ? 'carried unpriced' : carried ? `carried ${money(carried, false)}` : '', drop: 2 },
    { text: s.spawnedAgentId && c?.subagent === null ? 'sub-agent unpriced' : c?.subagent ? `sub-agent ${money(c.subagent, false)}` : '' },
    { text: fmtDuration(s.latencyMs), style: dim, drop: 4 },
    { text: s.isError ? 'error' : '', style: (t) => chalk.red(t) },
  ];
}

function header(input: ShowInput): string[] {
  const { session: s, tz } = input;
  const when = `${localDateTime(tz, s.startedAt, true)} ${zoneAbbreviation(tz, s.startedAt)}`;
  const took = s.endedAt === null ? 'duration unknown' : `took ${fmtDuration(Math.max(0, s.endedAt - s.startedAt))}`;
  const agent = [s.agentName, s.agentVersion].filter(Boolean).join(' ');
  const end = s.exitCode !== null ? `exit ${s.exitCode}` : s.signal ? `ended by ${s.signal}` : '';
  const outcome = s.outcome.status === 'unknown' ? '' : `${s.outcome.status} (${s.outcome.source})`;
  const first: Part[] = [
    { text: `session ${s.id}`, style: (t) => chalk.bold(t) },
    { text: s.label ? `"${s.label}"` : '', cut: true },
    { text: agent, drop: 2 },
    { text: when },
    { text: took },
    { text: end, drop: 3 },
    { text: outcome, drop: 1 },
    { text: s.stoppedReason ? `stopped: ${s.stoppedReason}` : '', drop: 1 },
  ];
  const lines = [fitParts(first, input.width), noteLines(input.totalsLine.split(' · '), input.width).trimEnd()];
  if (s.source === 'import') lines.push(chalk.dim(`imported from agent logs: they do not say how long each LLM call took`));
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
  const flagged = (id: string): Part[] => (marks.get(id) ?? []).map((text) => ({ text, style: (t: string) => chalk.red(t) }));
  // a step line gets the width left after its tree prefix
  const step = (prefix: string, parts: Part[]): string => `${prefix}${fitParts(parts, input.width === null ? null : input.width - displayWidth(prefix))}`;

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
      out.push(step(`${indent}${lastLlm ? '└─ ' : '├─ '}`, [...llmLine(s, costOf.get(s.id), durationKnown), ...flagged(s.id)]));
      const childIndent = `${indent}${lastLlm ? '   ' : '│  '}`;
      const said = call?.outputText.trim();
      if (said) out.push(`${childIndent}${chalk.dim(`“${cut(said, room(childIndent, 2))}”`)}`);
      s.toolStepIds.forEach((tid, j) => {
        const t = toolById.get(tid);
        if (!t) return;
        const lastTool = j === s.toolStepIds.length - 1;
        out.push(step(`${childIndent}${lastTool ? '└─ ' : '├─ '}`, [...toolLine(t, costOf.get(t.id)), ...flagged(t.id)]));
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
  if (input.flags.length > 0) out.push(chalk.dim(`⚑ = a flag on this step; by dollars: clawtrace show ${input.session.id} --flags`));
  return `${out.join('\n')}\n`;
}
