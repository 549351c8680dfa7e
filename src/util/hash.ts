import crypto from 'node:crypto';

// one-shot hashing (Node >= 20.12) skips the Hash object the streaming API builds for every call
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Buffer, encoding: 'hex') => string }).hash;

/** Short content hash (sha256, first 16 hex chars): equal text gives equal hash, across runs and machines. */
export function shortHash(text: string | Buffer): string {
  const hex = oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex');
  return hex.slice(0, 16);
}

/** A key JavaScript orders as an array index (ascending numerically, before every other key of an object). */
function isIndexKey(k: string): boolean {
  return /^(?:0|[1-9]\d{0,9})$/.test(k) && Number(k) < 4294967295;
}

/**
 * The keys of an object in the order a plain object built with them sorted would list them: index-like keys
 * numerically first, then the rest sorted. (Hashes stored before this serializer existed were made that way.)
 */
function orderedKeys(o: object): string[] {
  const keys = Object.keys(o).sort();
  if (!keys.some(isIndexKey)) return keys;
  const indices = keys.filter(isIndexKey).sort((a, b) => Number(a) - Number(b));
  return [...indices, ...keys.filter((k) => !isIndexKey(k))];
}

function write(value: unknown, omit: ReadonlySet<string> | null, inArray: boolean): string | undefined {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value) as string | undefined;
    return s === undefined && inArray ? 'null' : s;
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + (write(value[i], omit, true) ?? 'null');
    return `${out}]`;
  }
  let out = '{';
  let first = true;
  for (const k of orderedKeys(value)) {
    // `__proto__` never survives being copied into a plain object, so it never took part in a hash
    if (k === '__proto__' || omit?.has(k)) continue;
    const v = write((value as Record<string, unknown>)[k], omit, false);
    if (v === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${v}`;
    first = false;
  }
  return `${out}}`;
}

/**
 * JSON with object keys sorted, so that equal values always serialize (and hash) equally; keys in `omit` are left out
 * at every depth. Written directly (no sorted copy of the value is built), with exactly the text
 * `JSON.stringify` gives for such a copy.
 */
export function canonicalJson(value: unknown, omit: ReadonlySet<string> | null = null): string {
  return write(value, omit, false) as string;
}
