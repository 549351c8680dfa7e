export interface SseEvent {
  event: string | null;
  data: string;
  id: string | null;
}

export interface SseParse {
  events: SseEvent[];
  /** the text ended inside an event (no blank line after it): the stream was cut off */
  truncated: boolean;
}

/**
 * Parses Server-Sent Events text per the WHATWG rules: CRLF, LF or CR line ends, `:` comments, multi-line data,
 * fields without a space after the colon. Malformed lines are ignored, never fatal.
 */
export function parseSse(text: string): SseParse {
  const events: SseEvent[] = [];
  let event: string | null = null;
  let data: string[] = [];
  let id: string | null = null;
  let pending = false;
  const lines = text.split(/\r\n|\r|\n/);
  // a final empty string means the text ended with a line break
  const endedCleanly = lines.length > 0 && lines[lines.length - 1] === '';
  if (endedCleanly) lines.pop();
  for (const line of lines) {
    if (line === '') {
      if (pending) events.push({ event, data: data.join('\n'), id });
      event = null;
      data = [];
      pending = false;
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      data.push(value);
      pending = true;
    } else if (field === 'event') {
      event = value;
      pending = true;
    } else if (field === 'id') {
      id = value;
    }
  }
  const truncated = pending;
  if (pending) events.push({ event, data: data.join('\n'), id });
  return { events, truncated };
}

/** JSON.parse that returns null instead of throwing (a malformed event is skipped by the caller). */
export function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    void err;
    return null;
  }
}
