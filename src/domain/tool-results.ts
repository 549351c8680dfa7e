/**
 * Whether a tool result's text says the tool failed although the transport flag says nothing: tools of OpenClaw,
 * MCP servers and others answer `{"status":"error", ...}`, `{"error": "..."}` or `{"isError": true}` as content.
 * Only the opening of the text is read: a result that mentions an error further down is not a failed call.
 */
export function resultSaysError(text: string): boolean {
  const t = text.trimStart();
  if (!t.startsWith('{')) return false;
  const head = t.slice(0, 400);
  if (/^\{\s*"(?:status|state)"\s*:\s*"(?:error|failed|failure)"/i.test(head)) return true;
  if (/^\{\s*"(?:is_?error|isError)"\s*:\s*true/.test(head)) return true;
  if (/^\{\s*"error"\s*:\s*(?:"|\{)/.test(head)) return true;
  // the same keys anywhere in a small JSON object
  if (t.length <= 2000) {
    try {
      const v = JSON.parse(t) as unknown;
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
      const o = v as Record<string, unknown>;
      const status = typeof o['status'] === 'string' ? o['status'].toLowerCase() : '';
      if (status === 'error' || status === 'failed' || status === 'failure') return true;
      if (o['isError'] === true || o['is_error'] === true) return true;
      if (typeof o['error'] === 'string' && o['error'].trim() !== '' && o['ok'] !== true) return true;
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
    }
  }
  return false;
}
