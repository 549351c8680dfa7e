import chalk from 'chalk';
import type { Session } from '../domain/session.js';
import type { LlmStep, SessionStructure, Step, ToolStep } from '../domain/model.js';
import type { StepCost } from '../domain/cost.js';
import { cacheWrite, totalInput } from '../domain/usage.js';
import { fmtDuration, fmtTokens, fmtUsd } from './format.js';
import { maskSecrets } from '../util/secrets.js';

export interface ShowInput {
  session: Session;
  structure: SessionStructure;
  costs: readonly StepCost[];
  totalsLine: string;
}

function cut(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

function money(usd: number | null, estimated: boolean): string {
  if (usd === null) return chalk.yellow('unpriced');
  return `${estimated ? '~' : ''}${fmtUsd(usd)}`;
}

function llmLine(s: LlmStep, c: StepCost | undefined): string {
  const u = s.usage;
  const tokens = u
    ? `in ${fmtTokens(totalInput(u))}${u.cacheRead ? chalk.dim(` (cache ${fmtTokens(u.cacheRead)})`) : ''}` +
      `${cacheWrite(u) ? chalk.dim(` (+write ${fmtTokens(cacheWrite(u))})`) : ''} out ${fmtTokens(u.output)}` +
      `${u.reasoning ? chalk.dim(` (reasoning ${fmtTokens(u.reasoning)})`) : ''}`
    : 'no usage';
  const flags = [
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
    fmtDuration(s.durationMs),
    chalk.dim(s.role),
    ...flags,
  ].join('  ');
}

function toolLine(s: ToolStep, c: StepCost | undefined): string {
  const carried = c?.carried;
  const parts = [
    chalk.bold(s.id),
    chalk.magenta('tool'),
    s.name,
    chalk.dim(cut(maskSecrets(s.args), 60)),
    s.resultTokens === null ? chalk.dim('no result') : `→ ${fmtTokens(s.resultTokens)} tok`,
    carried === null ? 'carried unpriced' : carried ? `carried ${money(carried, false)}` : null,
    s.spawnedAgentId && c?.subagent === null ? 'sub-agent unpriced' : c?.subagent ? `sub-agent ${money(c.subagent, false)}` : null,
    fmtDuration(s.latencyMs),
    s.isError ? chalk.red('error') : null,
  ];
  return parts.filter((x): x is string => x !== null).join('  ');
}

/**
 * The session as the agent lived it: each agent's LLM calls in order, the tool uses each call asked for beneath
 * it, and sub-agents nested under the tool call that spawned them.
 */
export function renderShowTree(input: ShowInput): string {
  const { session, structure } = input;
  const costOf = new Map(input.costs.map((c) => [c.stepId, c]));
  const stepsByAgent = new Map<string, Step[]>();
  for (const s of structure.steps) {
    const list = stepsByAgent.get(s.agentId) ?? [];
    list.push(s);
    stepsByAgent.set(s.agentId, list);
  }
  const agentById = new Map(structure.agents.map((a) => [a.id, a]));
  const spawned = new Map<string, string>(); // tool step id → agent id
  for (const a of structure.agents) if (a.spawnedByStepId) spawned.set(a.spawnedByStepId, a.id);
  const out: string[] = [];
  const started = new Date(session.startedAt).toISOString().slice(0, 19).replace('T', ' ');
  out.push(
    `${chalk.bold(`session ${session.id}`)}${session.label ? ` "${session.label}"` : ''}  ${session.agentName ?? ''}` +
      `${session.agentVersion ? ` ${session.agentVersion}` : ''}  ${started} UTC  ` +
      `${fmtDuration(session.endedAt === null ? null : session.endedAt - session.startedAt)}  ` +
      `exit ${session.exitCode ?? '-'}  ${session.outcome.status} (${session.outcome.source})`,
  );
  out.push(input.totalsLine);

  const renderAgent = (agentId: string, indent: string): void => {
    const agent = agentById.get(agentId);
    const title = agent?.kind === 'main' ? 'main' : `${agentId}${agent?.label ? ` (${agent.label})` : ''}`;
    out.push(`${indent}${chalk.bold.blue(title)}`);
    const steps = stepsByAgent.get(agentId) ?? [];
    const llmSteps = steps.filter((s): s is LlmStep => s.kind === 'llm');
    const toolById = new Map(steps.filter((s): s is ToolStep => s.kind === 'tool').map((s) => [s.id, s]));
    llmSteps.forEach((s, i) => {
      const lastLlm = i === llmSteps.length - 1;
      out.push(`${indent}${lastLlm ? '└─ ' : '├─ '}${llmLine(s, costOf.get(s.id))}`);
      const childIndent = `${indent}${lastLlm ? '   ' : '│  '}`;
      s.toolStepIds.forEach((tid, j) => {
        const t = toolById.get(tid);
        if (!t) return;
        const lastTool = j === s.toolStepIds.length - 1;
        out.push(`${childIndent}${lastTool ? '└─ ' : '├─ '}${toolLine(t, costOf.get(t.id))}`);
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
  return `${out.join('\n')}\n`;
}
