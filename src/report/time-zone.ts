/**
 * Local time for reports and lists: IANA zones through Intl (no dependency), offsets found once per range so that
 * SQL can bucket by local date with plain arithmetic.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The zone the machine is in (TZ honoured), UTC when Intl cannot say. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The zone's canonical name, or null when it is not a zone Intl knows. */
export function checkTimeZone(tz: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  } catch (err) {
    if (err instanceof RangeError) return null;
    throw err;
  }
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function localParts(tz: string, ms: number): LocalParts {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return { year: p['year'] ?? 1970, month: p['month'] ?? 1, day: p['day'] ?? 1, hour: p['hour'] ?? 0, minute: p['minute'] ?? 0, second: p['second'] ?? 0 };
}

/** The zone's offset from UTC at an instant, in ms (local = utc + offset). */
export function offsetAt(tz: string, ms: number): number {
  const whole = Math.floor(ms / 1000) * 1000;
  const p = localParts(tz, whole);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - whole;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** YYYY-MM-DD of an instant in the zone. */
export function localDate(tz: string, ms: number): string {
  const p = localParts(tz, ms);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** YYYY-MM-DD HH:MM (or with seconds) of an instant in the zone. */
export function localDateTime(tz: string, ms: number, seconds = false): string {
  const p = localParts(tz, ms);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}${seconds ? `:${pad(p.second)}` : ''}`;
}

/** The zone as people read it at an instant: `UTC`, `CET`, `GMT+5:30`. */
export function zoneAbbreviation(tz: string, ms: number): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'short' })
    .formatToParts(new Date(ms))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? tz;
}

/** The first instant of a local date (YYYY-MM-DD) in the zone. */
export function startOfLocalDay(tz: string, date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const midnightUtc = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  // two rounds settle the offset in force at local midnight; a day whose midnight falls in a DST gap starts at the
  // first instant that is that day
  let t = midnightUtc - offsetAt(tz, midnightUtc);
  t = midnightUtc - offsetAt(tz, t);
  while (localDate(tz, t) < date) t += 60_000;
  while (localDate(tz, t - 60_000) >= date) t -= 60_000;
  return t;
}

/** The local date `days` days after a local date (calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** A span of time with one UTC offset: [from, until) in epoch ms (null = unbounded). */
export interface OffsetSegment {
  until: number | null;
  offsetMs: number;
}

const STEP = 6 * 3_600_000;

/**
 * The zone's UTC offsets over [fromMs, toMs], as consecutive segments: what SQL needs to turn an instant into its
 * local date with arithmetic (zones change offset at most a few times a year, never twice within six hours).
 */
export function offsetSegments(tz: string, fromMs: number, toMs: number): OffsetSegment[] {
  const segments: OffsetSegment[] = [];
  let current = offsetAt(tz, fromMs);
  let t = fromMs;
  while (t < toMs) {
    const next = Math.min(t + STEP, toMs);
    const o = offsetAt(tz, next);
    if (o !== current) {
      // the change lies in (t, next]: find its first instant to the second
      let lo = t;
      let hi = next;
      while (hi - lo > 1000) {
        const mid = Math.floor((lo + hi) / 2000) * 1000;
        if (mid <= lo) break;
        if (offsetAt(tz, mid) === current) lo = mid;
        else hi = mid;
      }
      segments.push({ until: hi, offsetMs: current });
      current = o;
    }
    t = next;
  }
  segments.push({ until: null, offsetMs: current });
  return segments;
}
