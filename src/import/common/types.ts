import type { NormalizedCall } from '../../domain/llm-call.js';

/** The agent log formats clawtrace imports; one folder per format under src/import/. */
export const FORMAT_NAMES = ['claude-code', 'codex', 'openclaw', 'gemini'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export function isFormatName(v: string): v is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(v);
}

/** One LLM call recovered from a log, keyed on its origin so re-imports update it instead of adding a copy. */
export interface ImportedCall {
  /** unique within the session: the provider's message id, the log's entry id, or a stable ordinal */
  key: string;
  startedAt: number;
  endedAt: number | null;
  call: NormalizedCall;
}

/** One agent session recovered from one or more log files (a main transcript plus its sub-agent files). */
export interface ImportedSession {
  /** natural key, `<format>:<native session id>` */
  key: string;
  format: FormatName;
  nativeId: string;
  agentName: string;
  agentVersion: string | null;
  cwd: string | null;
  gitBranch: string | null;
  gitCommit: string | null;
  startedAt: number;
  endedAt: number | null;
  /** the session's main file */
  sourcePath: string;
  label: string | null;
  calls: ImportedCall[];
}

/** Files that are read together because they form one session (a transcript and its sub-agent files). */
export interface ImportUnit {
  format: FormatName;
  /** stable id of the unit, e.g. the native session id */
  key: string;
  /** the main file first, then the others */
  files: string[];
  /** side files that give context but are not parsed line by line (sessions.json, *.meta.json) */
  sideFiles: string[];
}

/** Where the agents keep their logs: injectable so tests point the importers at a fixture folder. */
export interface ImportEnv {
  env: NodeJS.ProcessEnv;
  homedir: string;
}

/** What one format contributes: default locations, format sniffing, grouping of files, and the parser. */
export interface ImportFormat {
  name: FormatName;
  /** folders the agent writes to by default (they may not exist) */
  defaultRoots(e: ImportEnv): string[];
  /** true when a file, by its name and first bytes (whole lines), is a log of this format */
  looksLike(file: string, head: string): boolean;
  /**
   * whether a file found in this format's default folders is meant to be one of its logs (so one that does not look
   * like one is reported by name); absent = every file found there
   */
  claimsFile?(file: string): boolean;
  /** groups candidate files of this format into sessions' units */
  group(files: readonly string[]): Promise<ImportUnit[]>;
  /** parses one unit; bad lines are counted in `skips`, never thrown */
  parse(unit: ImportUnit, skips: SkipCounter): Promise<ImportedSession[]>;
}

/** Counts skipped lines by reason (invalid JSON, unknown line type, ...): the import summary prints them. */
export class SkipCounter {
  readonly byReason = new Map<string, number>();

  add(reason: string, n = 1): void {
    this.byReason.set(reason, (this.byReason.get(reason) ?? 0) + n);
  }

  total(): number {
    let n = 0;
    for (const v of this.byReason.values()) n += v;
    return n;
  }

  merge(other: SkipCounter): void {
    for (const [k, v] of other.byReason) this.add(k, v);
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.byReason.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
  }
}
