import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tryJson } from '../capture/wire/sse.js';
import { httpFaultStatus, parseFault, streamCut, type Fault } from './faults.js';
import { anthropicError, readAnthropic, writeAnthropic } from './formats/anthropic.js';
import { geminiError, readGemini, writeGemini } from './formats/gemini.js';
import { openaiError, readOpenaiChat, writeOpenaiChat } from './formats/openai-chat.js';
import { readOpenaiResponses, writeOpenaiResponses } from './formats/openai-responses.js';
import { makePlan } from './plan.js';
import { sampleFromSchema } from './schema-sample.js';
import { getScenario } from './scenarios.js';
import { withBridgedTools, type Reply, type Scenario, type TurnContext } from './turn.js';
import { CacheSim, newId, tokensOf } from './usage-sim.js';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface ScriptedServer {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export interface ScriptedOptions {
  port?: number;
  scenario?: string | Scenario;
}

type Api = TurnContext['api'];

function apiOf(method: string, path: string): Api | null {
  if (method !== 'POST') return null;
  if (/\/messages(\?|$)/.test(path)) return 'anthropic';
  if (/\/chat\/completions(\?|$)/.test(path)) return 'openai-chat';
  if (/\/responses(\?|$)/.test(path)) return 'openai-responses';
  if (/:(stream)?[gG]enerateContent/.test(path)) return 'gemini';
  return null;
}

function errorBody(api: Api, status: number): string {
  const message = status === 429 ? 'scripted rate limit' : status === 529 ? 'scripted overload' : 'scripted server error';
  if (api === 'anthropic') return anthropicError(status, status === 429 ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : 'api_error', message);
  if (api === 'gemini') return geminiError(status, status === 429 ? 'RESOURCE_EXHAUSTED' : 'INTERNAL', message);
  return openaiError(status === 429 ? 'rate_limit_exceeded' : 'server_error', message);
}

/**
 * The local stand-in for Anthropic, OpenAI (chat + responses) and Gemini: answers in each wire format, streamed or
 * not, following a scenario (what to reply at each step) and injecting faults on request. Tests, benchmarks, the
 * end-to-end agent suite and `clawtrace demo` all run against it; no key, no network.
 */
export async function startScriptedServer(opts: ScriptedOptions = {}): Promise<ScriptedServer> {
  const requests: ReceivedRequest[] = [];
  const cache = new CacheSim();
  const defaultScenario = typeof opts.scenario === 'function' ? opts.scenario : getScenario(opts.scenario ?? 'echo');
  if (!defaultScenario) throw new Error(`unknown scenario '${String(opts.scenario)}'`);

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      requests.push({ method: req.method ?? '', path, headers: req.headers, body });
      handle(req, res, path, body);
    });
  });

  function handle(req: http.IncomingMessage, res: http.ServerResponse, path: string, body: string): void {
    if (req.method === 'HEAD' || (req.method === 'GET' && (path === '/' || path === ''))) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(req.method === 'HEAD' ? undefined : 'ok');
      return;
    }
    if (req.method === 'GET' && /\/models(\?|$)/.test(path)) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'scripted-model', object: 'model', created: 0, owned_by: 'clawtrace' }] }));
      return;
    }
    if (/\/count_tokens(\?|$)|:countTokens/.test(path)) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(path.includes('countTokens') ? { totalTokens: tokensOf(body.length) } : { input_tokens: tokensOf(body.length) }));
      return;
    }
    const api = apiOf(req.method ?? '', path);
    if (!api) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${path}` } }));
      return;
    }
    const json = tryJson(body);
    const turn = withBridgedTools(
      api === 'anthropic' ? readAnthropic(json) : api === 'openai-chat' ? readOpenaiChat(json) : api === 'openai-responses' ? readOpenaiResponses(json) : readGemini(json, path),
    );
    const [model = turn.model, modelFault] = turn.model.split('~');
    turn.model = model;
    const headerScenario = req.headers['x-scripted-scenario'];
    const scenario = (typeof headerScenario === 'string' ? getScenario(headerScenario) : null) ?? defaultScenario ?? getScenario('echo');
    let reply: Reply = scenario ? scenario(turn) : { text: '' };
    // a structured-output side call (a router, a classifier) gets JSON it can parse, whatever the scenario
    if (turn.jsonSchema && !reply.toolCalls?.length) reply = { text: JSON.stringify(sampleFromSchema(turn.jsonSchema)) };
    const headerFault = req.headers['x-scripted-fault'];
    const fault: Fault | null = parseFault((typeof headerFault === 'string' ? headerFault : null) ?? modelFault ?? reply.fault);
    const status = httpFaultStatus(fault);
    const delay = fault?.kind === 'slow-first-byte' ? fault.arg : 0;
    setTimeout(() => {
      if (status) {
        res.writeHead(status, { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '0' } : {}) });
        res.end(errorBody(api, status));
        return;
      }
      const big = fault?.kind === 'big' ? fault.arg : 0;
      const text = big > 0 ? 'x'.repeat(Math.round(big * 1024 * 1024)) : reply.text;
      const finalReply = { ...reply, ...(text !== undefined ? { text } : {}) };
      const kind = api === 'anthropic' ? 'anthropic' : api === 'gemini' ? 'none' : 'openai';
      const input = cache.split(kind, model, body);
      const includeUsage = 'includeUsage' in turn ? turn.includeUsage === true : true;
      const plan = makePlan(finalReply, model, input, api === 'anthropic' ? 'toolu_' : 'call_', includeUsage);
      const cut = streamCut(res, fault);
      const id = newId(api === 'anthropic' ? 'msg_' : api === 'openai-responses' ? 'resp_' : 'chatcmpl-');
      if (api === 'anthropic') writeAnthropic(res, plan, turn.stream, id, cut);
      else if (api === 'openai-chat') writeOpenaiChat(res, plan, turn.stream, id, cut);
      else if (api === 'openai-responses') writeOpenaiResponses(res, plan, turn.stream, id, cut, turn.namespaced);
      else writeGemini(res, plan, turn.stream, cut);
    }, delay);
  }

  server.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 426 Upgrade Required\r\nconnection: close\r\n\r\n'));
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
