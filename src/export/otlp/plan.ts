import type { Attributes } from '@opentelemetry/api';
import type { CompiledSession } from '../../compile/compile-session.js';
import { maskSecrets } from '../../compile/card/mask-secrets.js';
import type { LlmCallRecord } from '../../domain/llm-call.js';
import type { LlmStep, ToolStep } from '../../domain/model.js';
import { CLAWTRACE, GENAI, OPERATION, providerName, usageAttributes } from './attributes.js';
import { spanIdFor, traceIdFor } from './ids.js';

/**
 * A session as a tree of spans, in the shape the GenAI semantic conventions describe: `invoke_agent` for the session
 * (and for each sub-agent, parented under the tool call that spawned it), `chat` for each LLM call under its agent,
 * `execute_tool` for each tool use under the call that asked for it. Ids are derived from the session and step ids,
 * so exporting a session twice gives the same trace. Parents come before their children.
 */
export interface SpanSpec {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  start: number;
  end: number;
  attributes: Attributes;
  error: string | null;
}

export interface SessionPlan {
  traceId: string;
  spans: SpanSpec[];
}

export interface PlanOptions {
  /** message content (prompts, replies, tool arguments and results), masked; off by default */
  content: boolean;
}

const clip = (s: string, n = 4096): string => (s.length > n ? `${s.slice(0, n)}…` : s);

function chatContent(call: LlmCallRecord['call']): Attributes {
  const user = call.request.lastUserText ?? call.request.firstUserText;
  const input = user === null ? [] : [{ role: 'user', parts: [{ type: 'text', content: maskSecrets(clip(user)) }] }];
  const parts: unknown[] = [];
  if (call.outputText) parts.push({ type: 'text', content: maskSecrets(clip(call.outputText)) });
  for (const t of call.toolCalls) parts.push({ type: 'tool_call', id: t.id, name: t.name, arguments: maskSecrets(clip(t.args)) });
  const output = parts.length ? [{ role: 'assistant', parts, ...(call.stopReason ? { finish_reason: call.stopReason } : {}) }] : [];
  return { [GENAI.inputMessages]: JSON.stringify(input), [GENAI.outputMessages]: JSON.stringify(output) };
}

export function planSession(c: CompiledSession, calls: readonly LlmCallRecord[], opts: PlanOptions): SessionPlan {
  const { session, structure, card } = c;
  const sid = session.id;
  const traceId = traceIdFor(sid);
  const rootId = spanIdFor(sid, 'session');
  const cost = new Map(c.costs.map((x) => [x.stepId, x]));
  const byCall = new Map(calls.map((x) => [x.id, x]));
  const steps = new Map(structure.steps.map((s) => [s.id, s]));
  const stepEnd = (s: LlmStep | ToolStep): number =>
    s.startedAt + Math.max(0, (s.kind === 'llm' ? s.durationMs : s.latencyMs) ?? 0);

  // flags: every step a flag names as waste carries its kind; the flag's dollars go on the step that completed it
  const flagKinds = new Map<string, string[]>();
  const flagUsd = new Map<string, number>();
  for (const f of card.flags) {
    const waste = f.steps.length > 1 ? f.steps.slice(1) : f.steps;
    for (const id of waste) flagKinds.set(id, [...(flagKinds.get(id) ?? []), f.kind]);
    const last = waste[waste.length - 1];
    if (last && f.wasted_usd !== null) flagUsd.set(last, (flagUsd.get(last) ?? 0) + f.wasted_usd);
  }
  const flagAttrs = (id: string): Attributes => ({
    ...(flagKinds.has(id) ? { [CLAWTRACE.flags]: flagKinds.get(id) ?? [] } : {}),
    ...(flagUsd.has(id) ? { [CLAWTRACE.flagsWastedUsd]: flagUsd.get(id) ?? 0 } : {}),
  });

  const ends = structure.steps.map(stepEnd);
  const end = Math.max(session.endedAt ?? 0, session.startedAt, ...ends);
  const t = card.totals;
  const spans: SpanSpec[] = [
    {
      spanId: rootId,
      parentSpanId: null,
      name: `${OPERATION.invokeAgent} ${session.agentName ?? 'agent'}`,
      start: session.startedAt,
      end,
      error: session.outcome.status === 'failure' ? 'failure' : null,
      attributes: {
        [GENAI.operation]: OPERATION.invokeAgent,
        [GENAI.agentName]: session.agentName ?? 'agent',
        [GENAI.agentId]: 'main',
        [GENAI.conversationId]: sid,
        [CLAWTRACE.sessionId]: sid,
        ...(session.label ? { [CLAWTRACE.sessionLabel]: session.label } : {}),
        [CLAWTRACE.outcome]: session.outcome.status,
        // an all-unpriced session has no cost attribute (never $0); its unpriced count says why
        ...(t.cost.total_usd !== null ? { [CLAWTRACE.costUsd]: t.cost.total_usd } : {}),
        [CLAWTRACE.carriedUsd]: t.cost.carried_usd,
        [CLAWTRACE.unpricedCalls]: t.cost.unpriced_calls,
        [CLAWTRACE.estimatedCalls]: t.cost.estimated_calls,
        [CLAWTRACE.flagsCount]: card.flags.length,
        [CLAWTRACE.flagsWastedUsd]: card.flags.reduce((s, f) => s + (f.wasted_usd ?? 0), 0),
        ...(card.flags.length ? { [CLAWTRACE.flags]: [...new Set(card.flags.map((f) => f.kind))] } : {}),
      },
    },
  ];

  // sub-agents: one invoke_agent span each, under the execute_tool span that spawned it
  const agentSpan = new Map<string, string>([['main', rootId]]);
  for (const a of structure.agents) {
    if (a.kind === 'main') continue;
    const own = structure.steps.filter((s) => s.agentId === a.id);
    if (own.length === 0) continue;
    const spawner = a.spawnedByStepId && steps.get(a.spawnedByStepId)?.kind === 'tool' ? a.spawnedByStepId : null;
    const id = spanIdFor(sid, `agent:${a.id}`);
    agentSpan.set(a.id, id);
    const usd = t.by_agent.find((x) => x.agent === a.id);
    spans.push({
      spanId: id,
      parentSpanId: spawner ? spanIdFor(sid, spawner) : rootId,
      name: `${OPERATION.invokeAgent} ${a.label ?? a.id}`,
      start: Math.min(...own.map((s) => s.startedAt)),
      end: Math.max(...own.map(stepEnd)),
      error: null,
      attributes: {
        [GENAI.operation]: OPERATION.invokeAgent,
        [GENAI.agentName]: a.label ?? a.id,
        [GENAI.agentId]: a.id,
        [GENAI.conversationId]: sid,
        [CLAWTRACE.sessionId]: sid,
        [CLAWTRACE.costUsd]: usd?.cost_usd ?? 0,
        [CLAWTRACE.unpricedCalls]: usd?.unpriced_calls ?? 0,
        ...(spawner ? { 'clawtrace.spawned_by': spawner } : {}),
      },
    });
  }

  for (const s of structure.steps) {
    const sc = cost.get(s.id);
    if (s.kind === 'llm') {
      const rec = byCall.get(s.callId);
      const direct = sc?.direct ?? null;
      spans.push({
        spanId: spanIdFor(sid, s.id),
        parentSpanId: agentSpan.get(s.agentId) ?? rootId,
        name: `${OPERATION.chat} ${s.model ?? rec?.call.modelRequested ?? 'unknown'}`,
        start: s.startedAt,
        end: stepEnd(s),
        error: s.error ? (s.error.type ?? String(s.error.status ?? 'error')) : null,
        attributes: {
          [GENAI.operation]: OPERATION.chat,
          [GENAI.provider]: providerName(s.provider),
          ...(rec?.call.modelRequested ? { [GENAI.requestModel]: rec.call.modelRequested } : {}),
          ...(s.model ? { [GENAI.responseModel]: s.model } : {}),
          ...(s.usage ? usageAttributes(s.usage) : {}),
          ...(rec?.call.stopReason ? { [GENAI.finishReasons]: [rec.call.stopReason] } : {}),
          ...(s.error ? { [GENAI.errorType]: s.error.type ?? String(s.error.status ?? 'error') } : {}),
          [GENAI.conversationId]: sid,
          [CLAWTRACE.stepId]: s.id,
          ...(direct === null ? { [CLAWTRACE.unpriced]: true } : { [CLAWTRACE.costUsd]: direct }),
          [CLAWTRACE.estimated]: s.usage?.estimated ?? false,
          ...(s.auxiliary ? { [CLAWTRACE.auxiliary]: s.auxiliary } : {}),
          ...flagAttrs(s.id),
          ...(opts.content && rec ? chatContent(rec.call) : {}),
        },
      });
      continue;
    }
    const carried = sc?.carried ?? null;
    spans.push({
      spanId: spanIdFor(sid, s.id),
      parentSpanId: spanIdFor(sid, s.requestedBy),
      name: `${OPERATION.executeTool} ${s.name}`,
      start: s.startedAt,
      end: stepEnd(s),
      error: s.isError ? 'tool_error' : null,
      attributes: {
        [GENAI.operation]: OPERATION.executeTool,
        [GENAI.toolName]: s.name,
        [GENAI.toolCallId]: s.toolCallId,
        [GENAI.toolType]: 'function',
        [GENAI.conversationId]: sid,
        [CLAWTRACE.stepId]: s.id,
        ...(carried === null ? { [CLAWTRACE.unpriced]: true } : { [CLAWTRACE.carriedUsd]: carried }),
        ...(sc?.subagent !== null && sc?.subagent !== undefined ? { [CLAWTRACE.subagentUsd]: sc.subagent } : {}),
        ...flagAttrs(s.id),
        ...(opts.content ? { [GENAI.toolArguments]: maskSecrets(clip(s.args)), ...(s.resultPreview ? { [GENAI.toolResult]: maskSecrets(s.resultPreview) } : {}) } : {}),
      },
    });
  }
  return { traceId, spans: orderParentsFirst(spans) };
}

/** Parents before children (sub-agent spans hang under tool spans that come later in session order). */
function orderParentsFirst(spans: SpanSpec[]): SpanSpec[] {
  const out: SpanSpec[] = [];
  const placed = new Set<string>();
  let rest = spans;
  while (rest.length > 0) {
    const next = rest.filter((s) => s.parentSpanId === null || placed.has(s.parentSpanId));
    // a parent that is missing altogether (should not happen) must not loop forever: hang the rest on the root
    const batch = next.length > 0 ? next : rest.map((s) => ({ ...s, parentSpanId: spans[0]?.spanId ?? null }));
    for (const s of batch) {
      out.push(s);
      placed.add(s.spanId);
    }
    rest = rest.filter((s) => !placed.has(s.spanId));
  }
  return out;
}
