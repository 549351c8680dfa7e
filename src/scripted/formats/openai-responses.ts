import type { ServerResponse } from 'node:http';
import { arr, obj, str } from '../../capture/wire/json-access.js';
import { contentText } from '../../capture/wire/openai-chat.js';
import { declaredTools } from '../../capture/wire/openai-responses.js';
import { deltas, type Plan } from '../plan.js';
import { classifyTools, type TurnContext } from '../turn.js';
import { newId } from '../usage-sim.js';
import { sse, type CutFn } from './sse-writer.js';

const CALLS = new Set(['function_call', 'custom_tool_call', 'local_shell_call']);
const OUTPUTS = new Set(['function_call_output', 'custom_tool_call_output', 'local_shell_call_output']);

export function readOpenaiResponses(body: unknown): TurnContext {
  const req = obj(body);
  const input = typeof req['input'] === 'string' ? [{ role: 'user', content: req['input'] }] : arr(req['input']);
  const items = input.map(obj);
  const tools = declaredTools(req['tools']);
  // a namespace tool groups functions the model calls by name plus a `namespace` field
  const namespaced = declaredTools(arr(req['tools']).filter((t) => obj(t)['type'] === 'namespace'));
  let assistantTurns = 0;
  let inTurn = false;
  let lastAssistant = -1;
  items.forEach((it, i) => {
    const type = str(it['type']) ?? 'message';
    const assistantSide = CALLS.has(type) || type === 'reasoning' || (type === 'message' && it['role'] === 'assistant');
    if (assistantSide && !inTurn) assistantTurns++;
    if (assistantSide) lastAssistant = i;
    inTurn = assistantSide;
  });
  const users = items.filter((it) => (str(it['type']) ?? 'message') === 'message' && it['role'] === 'user').map((it) => contentText(it['content'])).filter((t) => t.trim());
  return {
    api: 'openai-responses',
    model: str(req['model']) ?? 'gpt-4.1-mini',
    stream: req['stream'] === true,
    tools,
    ...classifyTools(tools),
    namespaced,
    assistantTurns,
    toolResults: items
      .slice(lastAssistant + 1)
      .filter((it) => OUTPUTS.has(str(it['type']) ?? ''))
      .map((it) => ({ id: str(it['call_id']) ?? '', text: typeof it['output'] === 'string' ? it['output'] : JSON.stringify(it['output'] ?? '') })),
    firstUserText: users[0] ?? '',
    lastUserText: users[users.length - 1] ?? '',
    systemText: str(req['instructions']) ?? '',
  };
}

function usage(p: Plan): Record<string, unknown> {
  const input = p.input.uncached + p.input.cacheRead;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: p.input.cacheRead },
    output_tokens: p.outputTokens,
    output_tokens_details: { reasoning_tokens: p.reasoningTokens },
    total_tokens: input + p.outputTokens,
  };
}

/** A function call item; a call to a namespaced tool names its namespace apart, as the Responses API does. */
function callItem(t: Plan['toolCalls'][number], namespaced: ReadonlySet<string>): Record<string, unknown> {
  const dot = t.name.indexOf('.');
  const split = namespaced.has(t.name) && dot > 0;
  const name = split ? t.name.slice(dot + 1) : t.name;
  return { id: newId('fc_'), type: 'function_call', status: 'completed', call_id: t.id, name, ...(split ? { namespace: t.name.slice(0, dot) } : {}), arguments: t.argsJson };
}

function outputItems(p: Plan, namespaced: ReadonlySet<string>): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  if (p.text) {
    items.push({ id: newId('msg_'), type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: p.text, annotations: [], logprobs: [] }] });
  }
  for (const t of p.toolCalls) items.push(callItem(t, namespaced));
  return items;
}

function response(id: string, p: Plan, status: string, output: unknown[], withUsage: boolean): Record<string, unknown> {
  return {
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    error: null,
    incomplete_details: null,
    instructions: null,
    model: p.model,
    output,
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    usage: withUsage ? usage(p) : null,
  };
}

export function writeOpenaiResponses(res: ServerResponse, p: Plan, stream: boolean, id: string, cut: CutFn, namespaced: readonly string[] = []): void {
  const items = outputItems(p, new Set(namespaced));
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req_${id}` });
    res.end(JSON.stringify(response(id, p, 'completed', items, true)));
    return;
  }
  const w = sse(res, { 'x-request-id': `req_${id}` }, cut);
  let seq = 0;
  const ev = (type: string, data: Record<string, unknown>, terminal = false) => w.event(type, { type, sequence_number: seq++, ...data }, terminal);
  ev('response.created', { response: response(id, p, 'in_progress', [], false) });
  ev('response.in_progress', { response: response(id, p, 'in_progress', [], false) });
  items.forEach((item, output_index) => {
    const itemId = str(item['id']) ?? '';
    if (item['type'] === 'message') {
      ev('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', content: [] } });
      const part = { type: 'output_text', text: '', annotations: [] };
      ev('response.content_part.added', { item_id: itemId, output_index, content_index: 0, part });
      for (const d of deltas(p.text)) ev('response.output_text.delta', { item_id: itemId, output_index, content_index: 0, delta: d, logprobs: [] });
      ev('response.output_text.done', { item_id: itemId, output_index, content_index: 0, text: p.text, logprobs: [] });
      ev('response.content_part.done', { item_id: itemId, output_index, content_index: 0, part: { ...part, text: p.text } });
    } else {
      ev('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', arguments: '' } });
      const args = str(item['arguments']) ?? '';
      for (const d of deltas(args, 20)) ev('response.function_call_arguments.delta', { item_id: itemId, output_index, delta: d });
      ev('response.function_call_arguments.done', { item_id: itemId, output_index, arguments: args });
    }
    ev('response.output_item.done', { output_index, item });
  });
  ev('response.completed', { response: response(id, p, 'completed', items, true) }, true);
  w.end();
}
