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

// One pass over the text for envelope lines, timestamps, clock times, durations and process ids; one for whitespace.
const VOLATILE =
  /^(?:Chunk ID|Wall time|Original token count): .*$|^(Process running) with session ID \d+$|\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\b|\b\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\b|(\b\d+(?:\.\d+)?\s?(?:ms|s|sec|seconds|secs|m|min|minutes)\b)|\b(pid|PID|process|session id|session ID|session)\s*[:=#]?\s*\d+\b/gm;

/**
 * A tool result without the parts that change on every run although the result does not: the envelope Codex puts
 * around shell output (chunk id, wall time, session id, token count), timestamps, durations, process ids. Two
 * results equal after this are the same result.
 */
export function stableResultText(text: string): string {
  return text
    .replace(VOLATILE, (all: string, running?: string, dur?: string, idWord?: string) => {
      if (running !== undefined) return running;
      if (dur !== undefined) return '<dur>';
      if (idWord !== undefined) return `${idWord} <id>`;
      return all.startsWith('Chunk ID') || all.startsWith('Wall time') || all.startsWith('Original token count') ? '' : '<time>';
    })
    .replace(/\s{2,}|[^\S ]/g, ' ') // every run of whitespace becomes one space (single spaces are left as they are)
    .trim();
}

/** The exit code a shell result states (`Exit code: 1`, `Process exited with code 1`), or null. */
export function statedExitCode(text: string): number | null {
  const m = /^(?:Exit code:|Process exited with code)\s*(-?\d+)/m.exec(text.slice(0, 2000));
  return m?.[1] !== undefined ? Number(m[1]) : null;
}

const DEP_FOLDER = /(^|[\s/"'])(node_modules|\.venv|venv|vendor|site-packages|__pycache__|\.git|target\/(debug|release)|\.gradle|\.next|bower_components)\//;

/** The shape of a tool result (see ResultShapeSchema), from its full text. */
export function resultShape(text: string): { lines: number; depLines: number; binary: boolean } {
  let lines = 0;
  let depLines = 0;
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    if (end > start) {
      lines++;
      if (DEP_FOLDER.test(text.slice(start, Math.min(end, start + 400)))) depLines++;
    }
    if (nl === -1) break;
    start = nl + 1;
  }
  const sample = text.slice(0, 4000);
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13)) odd++;
  }
  return { lines, depLines, binary: sample.length >= 200 && odd / sample.length > 0.05 };
}
