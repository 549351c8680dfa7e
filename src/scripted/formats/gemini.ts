import type { ServerResponse } from 'node:http';
import { arr, isObj, obj, str } from '../../capture/wire/json-access.js';
import { deltas, type Plan } from '../plan.js';
import { classifyTools, type TurnContext } from '../turn.js';
import { sse, type CutFn } from './sse-writer.js';

function partsText(parts: unknown): string {
  return arr(parts).map((p) => str(obj(p)['text']) ?? '').join('');
}

export function readGemini(body: unknown, path: string): TurnContext {
  const req = obj(body);
  const contents = arr(req['contents']).map(obj);
  const tools = arr(req['tools']).flatMap((t) => arr(obj(t)['functionDeclarations'])).map((d) => str(obj(d)['name']) ?? '').filter(Boolean);
  const last = contents[contents.length - 1];
  const users = contents.filter((c) => c['role'] !== 'model').map((c) => partsText(c['parts'])).filter((t) => t.trim());
  return {
    api: 'gemini',
    model: /\/models\/([^/:?]+)/.exec(path)?.[1] ?? 'gemini-2.5-flash',
    stream: /:streamGenerateContent/.test(path),
    tools,
    ...classifyTools(tools),
    assistantTurns: contents.filter((c) => c['role'] === 'model').length,
    toolResults: arr(last?.['parts'])
      .map(obj)
      .filter((p) => isObj(p['functionResponse']))
      .map((p) => ({ id: str(obj(p['functionResponse'])['name']) ?? '', text: JSON.stringify(obj(p['functionResponse'])['response']) })),
    firstUserText: users[0] ?? '',
    lastUserText: users[users.length - 1] ?? '',
    systemText: partsText(obj(req['systemInstruction'] ?? req['system_instruction'])['parts']),
    jsonSchema: obj(req['generationConfig'])['responseJsonSchema'] ?? obj(req['generationConfig'])['responseSchema'],
  };
}

function usage(p: Plan): Record<string, unknown> {
  const prompt = p.input.uncached + p.input.cacheRead;
  const candidates = p.outputTokens - p.reasoningTokens;
  return {
    promptTokenCount: prompt,
    cachedContentTokenCount: p.input.cacheRead,
    candidatesTokenCount: candidates,
    ...(p.reasoningTokens ? { thoughtsTokenCount: p.reasoningTokens } : {}),
    totalTokenCount: prompt + p.outputTokens,
  };
}

export function writeGemini(res: ServerResponse, p: Plan, stream: boolean, cut: CutFn): void {
  const parts = [...(p.text ? [{ text: p.text }] : []), ...p.toolCalls.map((t) => ({ functionCall: { name: t.name, args: JSON.parse(t.argsJson) as unknown } }))];
  const chunk = (ps: unknown[], final: boolean) => ({
    candidates: [{ content: { role: 'model', parts: ps }, index: 0, ...(final ? { finishReason: 'STOP' } : {}) }],
    ...(final ? { usageMetadata: usage(p) } : {}),
    modelVersion: p.model,
    responseId: 'scripted',
  });
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(chunk(parts, true)));
    return;
  }
  const w = sse(res, {}, cut);
  const textParts = deltas(p.text, 24);
  textParts.forEach((d) => w.event(null, chunk([{ text: d }], false)));
  const calls = parts.filter((x) => 'functionCall' in x);
  w.event(null, chunk(calls, true), true);
  w.end();
}

export function geminiError(code: number, status: string, message: string): string {
  return JSON.stringify({ error: { code, message, status } });
}
