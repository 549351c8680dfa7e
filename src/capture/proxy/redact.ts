/** Header names whose values are credentials: never stored, never printed. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'x-goog-api-key',
  'api-key',
  'cookie',
  'set-cookie',
  'x-auth-token',
  'openai-api-key',
  'anthropic-api-key',
]);

/** Query parameters that carry keys (Gemini accepts `?key=`). */
const SECRET_QUERY_PARAMS = new Set(['key', 'api_key', 'apikey', 'access_token', 'token']);

export const REDACTED = '[redacted]';

/** Verdicts on header names seen so far (the same few dozen names come with every request); bounded. */
const verdicts = new Map<string, boolean>();
const MAX_VERDICTS = 1000;

export function isSecretHeader(name: string): boolean {
  let secret = verdicts.get(name);
  if (secret === undefined) {
    const n = name.toLowerCase();
    secret = SECRET_HEADERS.has(n) || /(^|-)(api-?key|secret|token|password)($|-)/.test(n);
    if (verdicts.size < MAX_VERDICTS) verdicts.set(name, secret);
  }
  return secret;
}

/**
 * Turns raw headers ([k, v, k, v, ...]) into a lower-cased map for storage, credentials replaced by a marker
 * that keeps only the auth scheme ("Bearer [redacted]") so a reader can tell how the client authenticated.
 */
export function redactHeaders(raw: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase();
    const value = raw[i + 1] ?? '';
    let stored = value;
    if (isSecretHeader(name)) {
      const scheme = /^(Bearer|Basic|Token)\s/i.exec(value)?.[1];
      stored = scheme ? `${scheme} ${REDACTED}` : REDACTED;
    }
    out[name] = name in out ? `${out[name]}, ${stored}` : stored;
  }
  return out;
}

/** Removes credentials from a path's query string (`?key=...` → `?key=[redacted]`). */
export function redactPath(pathAndQuery: string): string {
  const q = pathAndQuery.indexOf('?');
  if (q < 0) return pathAndQuery;
  const params = pathAndQuery
    .slice(q + 1)
    .split('&')
    .map((kv) => {
      const eq = kv.indexOf('=');
      const k = eq < 0 ? kv : kv.slice(0, eq);
      return SECRET_QUERY_PARAMS.has(decodeURIComponent(k).toLowerCase()) ? `${k}=${REDACTED}` : kv;
    });
  return `${pathAndQuery.slice(0, q)}?${params.join('&')}`;
}
