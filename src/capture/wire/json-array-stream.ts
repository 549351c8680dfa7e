import { tryJson } from './sse.js';

/**
 * The elements of a JSON array that may be cut off or broken (Gemini's streamGenerateContent without alt=sse sends
 * one array, element by element): every top-level element that is whole and parses is returned, in order; a cut
 * last element or a garbled one is skipped. Never throws.
 */
export function parseJsonArrayStream(text: string): unknown[] {
  const out: unknown[] = [];
  const start = text.indexOf('[');
  if (start < 0) return out;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let elementStart = -1;
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      if (depth === 0) elementStart = i;
      depth++;
    } else if (ch === '}' || ch === ']') {
      if (depth === 0) break; // the array's own closing bracket
      depth--;
      if (depth === 0 && elementStart >= 0) {
        const value = tryJson(text.slice(elementStart, i + 1));
        if (value !== null) out.push(value);
        elementStart = -1;
      }
    }
  }
  return out;
}
