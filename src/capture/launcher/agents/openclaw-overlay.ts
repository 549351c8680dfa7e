import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * OpenClaw reads provider base URLs from its config file only. The overlay is a new config file in a scratch folder
 * that `$include`s the user's own config and overrides only the built-in providers' `baseUrl` (and the request
 * adapter, which OpenClaw needs once a provider entry exists); the user's file is never written. OpenClaw is pointed
 * at it with OPENCLAW_CONFIG_PATH (or by rewriting an explicit `--config PATH`), and OPENCLAW_INCLUDE_ROOTS allows the
 * include from the user's config folder.
 */
export interface OpenclawOverlay {
  /** the command line, with an explicit `--config PATH` replaced by the overlay */
  argv: string[];
  env: Record<string, string>;
  /** the user's config the overlay includes, null when there is none */
  included: string | null;
  file: string;
}

/** The providers routed through the recorder: OpenClaw provider id → (recorder route, adapter, base URL suffix). */
const ROUTED = [
  { provider: 'anthropic', route: 'anthropic', api: 'anthropic-messages', suffix: '' },
  { provider: 'openai', route: 'openai', api: 'openai-responses', suffix: '' },
  { provider: 'google', route: 'gemini', api: 'google-generative-ai', suffix: '/v1beta' },
] as const;

function flagValue(argv: readonly string[], flag: string): { index: number; value: string } | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--') return null;
    if (a === flag && i + 1 < argv.length) return { index: i, value: argv[i + 1] ?? '' };
    if (a.startsWith(`${flag}=`)) return { index: i, value: a.slice(flag.length + 1) };
  }
  return null;
}

function expandHome(p: string, home: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(home, p.slice(1)) : p;
}

/**
 * The config file this OpenClaw run would read, as OpenClaw resolves it: an explicit `--config`, else
 * OPENCLAW_CONFIG_PATH, else the first existing openclaw.json (or legacy clawdbot.json) of the state folder
 * (OPENCLAW_STATE_DIR; `--profile NAME` or OPENCLAW_PROFILE → ~/.openclaw-NAME; `--dev` → ~/.openclaw-dev; home is
 * OPENCLAW_HOME or HOME), then of the legacy ~/.clawdbot. Null when none exists.
 */
export function openclawConfigPath(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): string | null {
  const home = env['OPENCLAW_HOME'] ?? env['HOME'] ?? os.homedir();
  const explicit = flagValue(argv, '--config')?.value ?? env['OPENCLAW_CONFIG_PATH']?.trim();
  if (explicit) return path.resolve(cwd, expandHome(explicit, home));
  const profile = flagValue(argv, '--profile')?.value ?? (argv.includes('--dev') ? 'dev' : env['OPENCLAW_PROFILE']?.trim());
  const named = profile && profile.toLowerCase() !== 'default' ? `.openclaw-${profile}` : '.openclaw';
  const stateDir = env['OPENCLAW_STATE_DIR']?.trim() ? path.resolve(cwd, expandHome(env['OPENCLAW_STATE_DIR'].trim(), home)) : path.join(home, named);
  const candidates = [stateDir, path.join(home, '.clawdbot')].flatMap((d) => [path.join(d, 'openclaw.json'), path.join(d, 'clawdbot.json')]);
  return candidates.find((c) => fs.existsSync(c)) ?? null;
}

/** Writes the overlay into `scratchDir` (which the caller removes after the run) and says how to launch with it. */
export function writeOpenclawOverlay(
  argv: readonly string[],
  baseUrl: (route: string) => string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  scratchDir: string,
): OpenclawOverlay {
  // an explicit path is included even when missing, so that OpenClaw reports it as it would without us
  const included = openclawConfigPath(argv, env, cwd);
  const providers = Object.fromEntries(ROUTED.map((r) => [r.provider, { baseUrl: `${baseUrl(r.route)}${r.suffix}`, api: r.api }]));
  const overlay = { ...(included ? { $include: included } : {}), models: { mode: 'merge', providers } };
  const file = path.join(scratchDir, 'openclaw.json');
  fs.writeFileSync(file, `${JSON.stringify(overlay, null, 2)}\n`, { mode: 0o600 });
  const out = [...argv];
  const explicit = flagValue(out, '--config');
  if (explicit) {
    if (out[explicit.index] === '--config') out[explicit.index + 1] = file;
    else out[explicit.index] = `--config=${file}`;
  }
  const roots = [env['OPENCLAW_INCLUDE_ROOTS'], included ? path.dirname(included) : null].filter((r): r is string => !!r);
  return { argv: out, env: { OPENCLAW_CONFIG_PATH: file, ...(roots.length ? { OPENCLAW_INCLUDE_ROOTS: roots.join(path.delimiter) } : {}) }, included, file };
}
