export interface SseEvent {
  event: string | null;
  data: string;
  /** the last event id seen so far in the stream (it carries over to later events, as in the spec) */
  id: string | null;
}

export interface SseParse {
  events: SseEvent[];
  /** the text ended inside an event (no blank line after it): the stream was cut off; that event is still listed */
  truncated: boolean;
  /** lines that were neither a known field nor a comment (skipped) */
  ignoredLines: number;
}

/**
 * Parses Server-Sent Events text per the WHATWG rules: CRLF, LF or CR line ends, a leading BOM, `:` comments,
 * multi-line data, fields without a space after the colon, `id` carried over, an event without `data` not
 * dispatched. One deliberate difference: the spec drops an unterminated last event; we keep it and flag `truncated`,
 * since a cut stream's last event may hold usage. Malformed lines are counted and ignored, never fatal.
 */
export function parseSse(text: string): SseParse {
  const events: SseEvent[] = [];
  let event: string | null = null;
  let data: string[] = [];
  let lastId: string | null = null;
  let ignoredLines = 0;
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r\n|\r|\n/);
  // a final empty string means the text ended with a line break: the line before it is whole
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    if (line === '') {
      if (data.length > 0) events.push({ event, data: data.join('\n'), id: lastId });
      event = null;
      data = [];
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id') {
      if (!value.includes('\u0000')) lastId = value;
    } else if (field !== 'retry') ignoredLines++;
  }
  const truncated = data.length > 0 || event !== null;
  if (data.length > 0) events.push({ event, data: data.join('\n'), id: lastId });
  return { events, truncated, ignoredLines };
}

/** JSON.parse that returns null instead of throwing (a malformed event is skipped by the caller). */
export function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    void err; // not JSON: the caller treats null as "skip"
    return null;
  }
}

/**
 * An event's data as JSON. Providers send one-line JSON per event, so when the whole data does not parse but its
 * last line does, that line is taken: it is what survives when a broken line (a cut, or the seam where the recorder
 * omitted a body's middle) ran into the next event. Null when nothing parses.
 */
export function eventJson(ev: SseEvent): unknown {
  const whole = tryJson(ev.data);
  if (whole !== null || !ev.data.includes('\n')) return whole;
  return tryJson(ev.data.slice(ev.data.lastIndexOf('\n') + 1));
}
