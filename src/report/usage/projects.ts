import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { findGitRoot } from '../../store/location.js';

/** The project a session ran in: the git repository around its working directory, else the directory itself. */
export function projectOf(cwd: string | null): string | null {
  if (!cwd) return null;
  const dir = path.resolve(cwd);
  return findGitRoot(dir) ?? dir;
}

/** project path → short name, from `.clawtrace/config.yaml` (`projects: { aliases: { <path>: <name> } }`). */
export type ProjectAliases = ReadonlyMap<string, string>;

const ConfigSchema = z
  .object({ projects: z.object({ aliases: z.record(z.string(), z.string()).optional() }).passthrough().optional() })
  .passthrough();

export class AliasError extends Error {}

/** Aliases from the project's config file (if any), then `--alias PATH=NAME` options, later ones winning. */
export function loadProjectAliases(projectDir: string | null, options: readonly string[]): Map<string, string> {
  const aliases = new Map<string, string>();
  const file = projectDir ? path.join(projectDir, 'config.yaml') : null;
  if (file && fs.existsSync(file)) {
    let parsed: unknown;
    try {
      // loaded only when there is a config file: most runs have none, and every report pays for what it loads
      const yaml = createRequire(import.meta.url)('yaml') as typeof import('yaml');
      parsed = yaml.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new AliasError(`${file}: not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
    const r = ConfigSchema.safeParse(parsed ?? {});
    if (!r.success) throw new AliasError(`${file}: projects.aliases: ${r.error.issues[0]?.message ?? 'invalid'}`);
    for (const [p, name] of Object.entries(r.data.projects?.aliases ?? {})) aliases.set(stripSlash(p), name);
  }
  for (const o of options) {
    const eq = o.lastIndexOf('=');
    if (eq <= 0 || eq === o.length - 1) throw new AliasError(`--alias takes PATH=NAME, got '${o}'`);
    aliases.set(stripSlash(o.slice(0, eq)), o.slice(eq + 1));
  }
  return aliases;
}

function stripSlash(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

/**
 * A short name per project: its alias, else the shortest tail of its path that no other project shares
 * (`acme-api`, `services/billing`), so a list stays readable without hiding which repository is which.
 */
export function projectLabels(keys: Iterable<string>, aliases: ProjectAliases): Map<string, string> {
  const all = [...new Set(keys)];
  const parts = new Map(all.map((k) => [k, k.split('/').filter(Boolean)]));
  const labels = new Map<string, string>();
  for (const k of all) {
    const alias = aliases.get(k);
    if (alias) {
      labels.set(k, alias);
      continue;
    }
    const mine = parts.get(k) ?? [];
    let n = 1;
    const tail = (p: string[], len: number): string => p.slice(-len).join('/');
    while (n < mine.length && all.some((o) => o !== k && tail(parts.get(o) ?? [], n) === tail(mine, n))) n++;
    labels.set(k, mine.length === 0 ? k : tail(mine, n));
  }
  return labels;
}

/** The projects a `--project` value names: by path (`.` is the repository you are in), alias or folder name. */
export function matchProjects(value: string, keys: readonly string[], aliases: ProjectAliases): string[] {
  const v = stripSlash(value);
  const asPath = v.startsWith('.') || v.startsWith('/') ? projectOf(v) : null;
  return keys.filter((k) => k === v || k === asPath || aliases.get(k) === v || path.basename(k) === v);
}
