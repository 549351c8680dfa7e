import type { ServerResponse } from 'node:http';
import type { CutFn } from './formats/sse-writer.js';

/**
 * Faults the scripted server can inject, chosen per request by the `x-scripted-fault` header, a `~fault` suffix on
 * the model name, or a scenario's reply:
 *   http-429 | http-500 | http-529   an error response in the provider's shape
 *   reset-mid-stream                 the socket is destroyed after a few events
 *   malformed-sse                    a broken event in the middle of an otherwise valid stream
 *   truncate                         the stream ends cleanly but without its final events (no usage)
 *   big:<MB>                         a text reply of that many megabytes, generated as it is sent
 *   slow-first-byte:<ms>             the response starts after a delay
 */
export interface Fault {
  kind: string;
  arg: number;
}

export function parseFault(spec: string | undefined | null): Fault | null {
  if (!spec) return null;
  const [kind = '', arg = '0'] = spec.split(':');
  return { kind, arg: Number(arg) || 0 };
}

/** The cut function a stream writer consults before each event, for the stream-shaped faults. */
export function streamCut(res: ServerResponse, fault: Fault | null): CutFn {
  return (n, terminal) => {
    if (!fault) return false;
    if (fault.kind === 'reset-mid-stream' && n === 3) {
      // reset once what was written has left, so the client has seen part of the stream
      res.write('', () => res.socket?.destroy());
      return true;
    }
    if (fault.kind === 'truncate' && terminal) {
      res.end();
      return true;
    }
    if (fault.kind === 'malformed-sse' && n === 2) res.write('data: {"this is": not json\n\nevent: mystery\ndata: ???\n\n');
    return false;
  };
}

export function httpFaultStatus(fault: Fault | null): number | null {
  const m = fault ? /^http-(\d{3})$/.exec(fault.kind) : null;
  return m ? Number(m[1]) : null;
}
