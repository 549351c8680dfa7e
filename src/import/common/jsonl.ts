import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { SkipCounter } from './types.js';

/**
 * Streams a file line by line in 1 MB chunks (never the whole file in memory) and hands each non-empty line to
 * `onLine` with its 0-based number. Faster than readline on large files; a trailing line without newline is kept.
 */
export async function forEachLine(file: string, onLine: (line: string, n: number) => void): Promise<number> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let n = 0;
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const text = rest + decoder.write(chunk);
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      const line = text.slice(start, nl);
      start = nl + 1;
      if (line.trim() !== '') onLine(line, n);
      n++;
    }
    rest = text.slice(start);
  }
  rest += decoder.end();
  if (rest.trim() !== '') onLine(rest, n++);
  return n;
}

/** Parses one JSON line; a broken line is counted as `invalid_json` and gives undefined. */
export function parseJsonLine(line: string, skips: SkipCounter): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    skips.add('invalid_json');
    return undefined;
  }
}

/** The first `bytes` bytes of a file as text, for format sniffing ('' when unreadable). */
export function readHead(file: string, bytes = 4096): string {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(bytes);
    const got = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, got).toString('utf8');
  } catch (err) {
    if (isFsError(err)) return '';
    throw err;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/**
 * The opening of a file for format sniffing and grouping, in whole lines however long they are: read until it holds
 * `lines` complete lines and at least `minBytes` (or the file ends, or `maxBytes`). A log's first line can be tens of
 * KB (a sub-agent's task prompt, Codex's instructions), so a fixed byte window would cut it and hide the file. A
 * binary file (a NUL in its first 4 KB, e.g. a SQLite store) gives its first 4 KB. '' when unreadable.
 */
export function readHeadLines(file: string, lines = 5, minBytes = 4096, maxBytes = 32 * 1024 * 1024): string {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const chunks: Buffer[] = [];
    let total = 0;
    let newlines = 0;
    let lastNl = -1;
    const buf = Buffer.alloc(64 * 1024);
    while (total < maxBytes) {
      const got = fs.readSync(fd, buf, 0, buf.length, total);
      if (got === 0) return Buffer.concat(chunks).toString('utf8');
      const chunk = Buffer.from(buf.subarray(0, got));
      if (total === 0 && chunk.subarray(0, 4096).includes(0)) return chunk.subarray(0, 4096).toString('latin1');
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
        newlines++;
        lastNl = total + i;
      }
      chunks.push(chunk);
      total += got;
      if (newlines >= lines && total >= minBytes) break;
    }
    const all = Buffer.concat(chunks);
    return all.subarray(0, lastNl >= 0 ? lastNl + 1 : all.length).toString('utf8');
  } catch (err) {
    if (isFsError(err)) return '';
    throw err;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** Calls `onValue` with each line of a JSONL file that parses; lines that do not are counted in `skips`. */
export async function forEachJsonLine(file: string, skips: SkipCounter, onValue: (value: unknown) => void): Promise<void> {
  await forEachLine(file, (line) => {
    const raw = parseJsonLine(line, skips);
    if (raw !== undefined) onValue(raw);
  });
}

/**
 * The first line of a file, read in chunks until its newline (some logs open with a line of tens of KB), at most
 * `maxBytes`; '' when unreadable.
 */
export function readFirstLine(file: string, maxBytes = 4 * 1024 * 1024): string {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.alloc(64 * 1024);
    while (total < maxBytes) {
      const got = fs.readSync(fd, buf, 0, buf.length, total);
      if (got === 0) break;
      const nl = buf.subarray(0, got).indexOf(10);
      chunks.push(Buffer.from(buf.subarray(0, nl === -1 ? got : nl)));
      total += got;
      if (nl !== -1) break;
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (err) {
    if (isFsError(err)) return '';
    throw err;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** First complete lines of a head, parsed; unparsable ones are left out. */
export function headObjects(head: string, max = 5): unknown[] {
  const out: unknown[] = [];
  for (const line of head.split('\n').slice(0, max)) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as unknown);
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
    }
  }
  return out;
}

/** An error from the file system (missing, unreadable) as opposed to a bug. */
export function isFsError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string';
}

/** ISO timestamp (or epoch ms/s number) → epoch ms; null when absent or unparsable. */
export function toMs(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v < 1e12 ? v * 1000 : v;
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : null;
}
