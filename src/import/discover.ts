import fs from 'node:fs';
import path from 'node:path';
import { isFsError, readHeadLines } from './common/jsonl.js';
import type { FormatName, ImportEnv, ImportFormat } from './common/types.js';
import { IMPORT_FORMATS } from './formats.js';

/** Side files read by the importers themselves, never parsed as logs. */
// OpenClaw's SQLite session store is the one log that is not JSON lines
const OPENCLAW_STORE = 'openclaw-agent.sqlite';
const SIDE_FILE = /(^sessions\.json$|\.meta\.json$)/;

/** Every .jsonl / .json file under `root` (or `root` itself when it is a file), sorted; unreadable folders skipped. */
export function listLogFiles(root: string): string[] {
  let st: fs.Stats;
  try {
    st = fs.statSync(root);
  } catch (err) {
    if (isFsError(err)) return [];
    throw err;
  }
  if (st.isFile()) return [root];
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      if (isFsError(err)) return;
      throw err;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && (/\.jsonl?$/.test(e.name) || e.name === OPENCLAW_STORE) && !SIDE_FILE.test(e.name)) out.push(p);
    }
  };
  walk(root);
  return out.sort();
}

/** The format a file is in, by its name and first bytes; `only` restricts the candidates. */
export function detectFormat(file: string, only?: FormatName): ImportFormat | null {
  const head = readHeadLines(file);
  for (const f of IMPORT_FORMATS) if ((!only || f.name === only) && f.looksLike(file, head)) return f;
  return null;
}

export interface Discovered {
  byFormat: Map<FormatName, string[]>;
  /** files that matched no format */
  unknown: string[];
}

/**
 * Finds the log files to import: under the given paths (format detected per file), or with no path under each
 * agent's default folders (home and environment injectable for tests). Duplicate paths are read once.
 */
export function discover(paths: readonly string[], env: ImportEnv, only?: FormatName): Discovered {
  const byFormat = new Map<FormatName, string[]>();
  const unknown: string[] = [];
  const seen = new Set<string>();
  const add = (file: string, f: ImportFormat | null): void => {
    const real = realPath(file);
    if (seen.has(real)) return;
    seen.add(real);
    if (!f) {
      unknown.push(file);
      return;
    }
    const list = byFormat.get(f.name);
    if (list) list.push(file);
    else byFormat.set(f.name, [file]);
  };
  if (paths.length > 0) {
    for (const p of paths) for (const file of listLogFiles(p)) add(file, detectFormat(file, only));
  } else {
    for (const f of IMPORT_FORMATS) {
      if (only && f.name !== only) continue;
      for (const root of f.defaultRoots(env)) {
        for (const file of listLogFiles(root)) {
          if (f.looksLike(file, readHeadLines(file))) add(file, f);
          else if (f.claimsFile?.(file) ?? true) add(file, null);
        }
      }
    }
  }
  return { byFormat, unknown };
}

function realPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch (err) {
    if (isFsError(err)) return path.resolve(p);
    throw err;
  }
}
