/**
 * A unified diff of one file whose change is a single contiguous region (all a clawtrace patch ever changes),
 * with three lines of context, in the form `git apply` accepts. Line ends are kept as they are in the file.
 */
export function unifiedDiff(relPath: string, before: string | null, after: string): string {
  if (before === after) return '';
  const a = splitLines(before ?? '');
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ctxStart = Math.max(0, start - 3);
  const ctxEndA = Math.min(a.length, endA + 3);
  const ctxEndB = Math.min(b.length, endB + 3);
  const out: string[] = [];
  out.push(before === null ? '--- /dev/null' : `--- a/${relPath}`, `+++ b/${relPath}`);
  const lenA = ctxEndA - ctxStart;
  const lenB = ctxEndB - ctxStart;
  out.push(`@@ -${lenA === 0 ? ctxStart : ctxStart + 1},${lenA} +${lenB === 0 ? ctxStart : ctxStart + 1},${lenB} @@`);
  const body: string[] = [];
  for (let i = ctxStart; i < start; i++) body.push(` ${a[i] ?? ''}`);
  for (let i = start; i < endA; i++) body.push(`-${a[i] ?? ''}`);
  for (let i = start; i < endB; i++) body.push(`+${b[i] ?? ''}`);
  for (let i = endA; i < ctxEndA; i++) body.push(` ${a[i] ?? ''}`);
  const header = before === null ? [`diff --git a/${relPath} b/${relPath}`, 'new file mode 100644'] : [`diff --git a/${relPath} b/${relPath}`];
  return `${[...header, ...out].join('\n')}\n${withNoNewlineMarkers(body)}`;
}

/** Lines with their line ends removed; a final line without a newline is remembered by the caller. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else lines[lines.length - 1] = `${lines[lines.length - 1]}\u0000nonl`;
  return lines;
}

function withNoNewlineMarkers(body: string[]): string {
  return body
    .map((l) => (l.endsWith('\u0000nonl') ? `${l.slice(0, -5)}\n\\ No newline at end of file` : l))
    .map((l) => `${l}\n`)
    .join('');
}
