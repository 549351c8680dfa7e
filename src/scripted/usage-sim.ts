import crypto from 'node:crypto';

/** Deterministic, plausible token counts: about four characters a token, like real tokenizers on English and JSON. */
export function tokensOf(chars: number): number {
  return Math.ceil(chars / 4);
}

const CACHE_MARKER = /,?"cache_control":\{[^}]*\}/g;

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

export interface InputSplit {
  uncached: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
}

/**
 * Simulates prompt caching so that tests and the demo see cache numbers like the real APIs report them.
 * Anthropic: only with cache_control markers; the prefix up to the last marker that an earlier request shared is a
 * read, the rest of it a write (1h when the marker says ttl 1h). OpenAI: automatic for prompts of 1024+ tokens, the
 * shared prefix in 128-token steps.
 */
export class CacheSim {
  private readonly seen = new Map<string, string[]>();

  split(kind: 'anthropic' | 'openai' | 'none', model: string, body: string): InputSplit {
    const total = tokensOf(body.length);
    const none = { uncached: total, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 };
    if (kind === 'none') return none;
    const key = `${kind}:${model}`;
    const history = this.seen.get(key) ?? [];
    let normalized = body;
    let markerEnd = -1;
    let ttl1h = false;
    if (kind === 'anthropic') {
      let removed = 0;
      normalized = body.replace(CACHE_MARKER, (m, offset: number) => {
        markerEnd = offset - removed;
        removed += m.length;
        ttl1h = m.includes('"1h"');
        return '';
      });
      if (markerEnd < 0) return none;
    }
    let best = 0;
    for (const prev of history) best = Math.max(best, commonPrefix(prev, normalized));
    history.push(normalized);
    if (history.length > 50) history.shift();
    this.seen.set(key, history);
    if (kind === 'openai') {
      const cached = Math.floor(tokensOf(best) / 128) * 128;
      return cached >= 1024 ? { ...none, uncached: total - Math.min(cached, total), cacheRead: Math.min(cached, total) } : none;
    }
    const read = tokensOf(Math.min(best, markerEnd));
    const write = Math.max(0, tokensOf(markerEnd) - read);
    const uncached = Math.max(0, total - read - write);
    return { uncached, cacheRead: read, cacheWrite5m: ttl1h ? 0 : write, cacheWrite1h: ttl1h ? write : 0 };
  }
}

export function newId(prefix: string): string {
  return `${prefix}${crypto.randomBytes(12).toString('hex')}`;
}
