import { InvalidArgumentError } from 'commander';
import { checkTimeZone } from '../report/time-zone.js';
import { AliasError, loadProjectAliases } from '../report/usage/projects.js';
import { projectDir } from '../store/location.js';
import { UsageError } from './errors.js';

export const PRICES_OPTION = ['--prices <file>', 'extra model prices (default: .clawtrace/prices.yaml if present)'] as const;

/** Option parsers for commander: a bad value is commander's own one-line error (exit 2), never silently ignored. */

export function positiveInt(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return Number(value);
}

export function timeZone(value: string): string {
  const tz = checkTimeZone(value);
  if (!tz) throw new InvalidArgumentError('not a time zone (use an IANA name such as Europe/Paris, America/New_York or UTC)');
  return tz;
}

/** A date as typed: YYYY-MM-DD, YYYYMMDD, `today`, `yesterday`, or N days / weeks back (`7d`, `2w`). */
export type DateSpec = { date: string } | { daysBack: number };

export function dateSpec(value: string): DateSpec {
  const v = value.trim().toLowerCase();
  if (v === 'today') return { daysBack: 0 };
  if (v === 'yesterday') return { daysBack: 1 };
  const rel = /^(\d+)([dw])$/.exec(v);
  if (rel) {
    const n = Number(rel[1]);
    // `7d` means the last seven days, today included
    return { daysBack: Math.max(0, n * (rel[2] === 'w' ? 7 : 1) - 1) };
  }
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(v);
  if (m) {
    const date = `${m[1]}-${m[2]}-${m[3]}`;
    const t = new Date(`${date}T00:00:00Z`);
    if (!Number.isNaN(t.getTime()) && t.toISOString().startsWith(date)) return { date };
  }
  throw new InvalidArgumentError('expected a date (2026-11-01 or 20261101), today, yesterday, or a span back like 7d or 2w');
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Project aliases for this project (`.clawtrace/config.yaml`) and the `--alias` options; a bad one is a usage error. */
export function projectAliases(options: readonly string[] | undefined): Map<string, string> {
  try {
    return loadProjectAliases(projectDir(process.cwd()), options ?? []);
  } catch (err) {
    if (err instanceof AliasError) throw new UsageError(err.message);
    throw err;
  }
}
