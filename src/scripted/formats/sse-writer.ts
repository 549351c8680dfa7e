import type { ServerResponse } from 'node:http';

export type CutFn = (n: number, terminal: boolean) => boolean;

export interface SseWriter {
  /** `terminal` events are the ones a `truncate` fault leaves out */
  event(name: string | null, data: unknown, terminal?: boolean): void;
  raw(text: string): void;
  end(): void;
}

/**
 * Writes an SSE response. `cut(n)` is asked before the n-th event: true means a fault ends the stream there
 * (the fault decides how: reset, truncate, ...). After a cut, further writes are ignored.
 */
export function sse(res: ServerResponse, headers: Record<string, string>, cut: CutFn): SseWriter {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...headers });
  let n = 0;
  let stopped = false;
  return {
    event(name, data, terminal = false) {
      if (stopped) return;
      if (cut(n++, terminal)) {
        stopped = true;
        return;
      }
      res.write(`${name ? `event: ${name}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    },
    raw(text) {
      if (!stopped) res.write(text);
    },
    end() {
      // after a cut the fault owns the ending (truncate ended it cleanly, a reset must not be ended at all)
      if (!stopped && !res.destroyed) res.end();
    },
  };
}
