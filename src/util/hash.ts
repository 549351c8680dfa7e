import crypto from 'node:crypto';

/** Short content hash (sha256, first 16 hex chars): equal text gives equal hash, across runs and machines. */
export function shortHash(text: string | Buffer): string {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** JSON with object keys sorted, so that equal values always serialize (and hash) equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}
