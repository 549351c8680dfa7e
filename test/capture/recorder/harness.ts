import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { openDb, type Db } from '../../../src/store/db.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { startUpstream, type TestUpstream } from '../../helpers/upstream.js';

export const LOAD_CLIENT = path.join(REPO_ROOT, 'fixtures', 'clients', 'load-client.mjs');

export const USAGE = { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 };

function chat(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
      usage: USAGE,
    }),
  );
}

/**
 * A model upstream on loopback: chat calls answered after `delayMs` with fixed usage (100 in, 20 out); streamed calls
 * get one event and are held open until the client goes away (or `streamEvents` more arrive and it ends); model
 * lists and token counts answered at once.
 */
export function modelUpstream(opts: { delayMs?: number; streamEvents?: number } = {}): Promise<TestUpstream> {
  return startUpstream((req, res, body) => {
    const url = req.url ?? '';
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[{"id":"gpt-4o-mini"}]}');
      return;
    }
    if (url.includes('count_tokens')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"input_tokens":3}');
      return;
    }
    if (body.toString().includes('"stream":true')) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const event = (i: number): string => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content: `t${i} ` } }] })}\n\n`;
      res.write(event(0));
      if (opts.streamEvents !== undefined) {
        let i = 1;
        const tick = setInterval(() => {
          if (i > (opts.streamEvents ?? 0)) {
            clearInterval(tick);
            res.end('data: [DONE]\n\n');
            return;
          }
          res.write(event(i++));
        }, 5);
        res.on('close', () => clearInterval(tick));
      }
      return;
    }
    setTimeout(() => chat(res), opts.delayMs ?? 0);
  });
}

/** Counts in a recorded database: sessions, exchanges by state, LLM calls. */
export function counts(file: string): { sessions: number; exchanges: Record<string, number>; calls: number; db: Db } {
  const db = openDb(file);
  const sessions = (db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n;
  const rows = db.prepare('SELECT state, COUNT(*) AS n FROM exchanges GROUP BY state').all() as { state: string; n: number }[];
  const calls = (db.prepare('SELECT COUNT(*) AS n FROM llm_calls').get() as { n: number }).n;
  return { sessions, exchanges: Object.fromEntries(rows.map((r) => [r.state, r.n])), calls, db };
}

export const lines = (out: string): Record<string, unknown>[] =>
  out
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
