import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { routeFromBaseUrl, type Route } from '../../proxy/routes.js';

/** What agent routing needs of the recorder's proxy: base URLs, the secret, and routes added for an agent's own providers. */
export interface RouteHost {
  baseUrl(routeName: string, opts?: { secretInHeader?: boolean }): string;
  addRoute(route: Route): void;
  route?(name: string): Route | undefined;
  secret: string;
}

/** The environment variable Codex reads the recorder's secret from (through `env_http_headers`): never on its command line. */
export const SECRET_ENV = 'CLAWTRACE_SECRET';
const SECRET_HEADER = 'x-clawtrace-secret';

/** Providers compiled into Codex: their tables cannot be changed by config, so the built-in OpenAI one is replaced. */
const BUILT_IN = new Set(['openai', 'oss', 'ollama', 'lmstudio']);

type Table = Record<string, unknown>;
const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v);

interface CodexFlags {
  profile: string | null;
  oss: boolean;
  overrides: [string, unknown][];
}

/** A `-c key=value` value: TOML when it parses as TOML, else the text itself (as Codex does). */
function overrideValue(text: string): unknown {
  try {
    return parseToml(`v = ${text}`)['v'];
  } catch (err) {
    void err; // not TOML: Codex takes it as a plain string
    return text;
  }
}

/** Codex's own options among its arguments: `-c/--config key=value`, `-p/--profile name`, `--oss`. */
export function codexFlags(args: readonly string[]): CodexFlags {
  const out: CodexFlags = { profile: null, oss: false, overrides: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') break;
    const inline = /^(--config|--profile)=(.*)$/.exec(a);
    const flag = inline ? inline[1] : a;
    const value = inline ? inline[2] : args[i + 1];
    if ((flag === '-c' || flag === '--config') && value !== undefined) {
      const eq = value.indexOf('=');
      if (eq > 0) out.overrides.push([value.slice(0, eq).trim(), overrideValue(value.slice(eq + 1).trim())]);
      if (!inline) i++;
    } else if ((flag === '-p' || flag === '--profile') && value !== undefined) {
      out.profile = value;
      if (!inline) i++;
    } else if (a === '--oss') out.oss = true;
  }
  return out;
}

function setPath(root: Table, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let t = root;
  for (const k of keys.slice(0, -1)) {
    const next = t[k];
    if (!isTable(next)) t[k] = {};
    t = t[k] as Table;
  }
  const last = keys[keys.length - 1];
  if (last) t[last] = value;
}

function readToml(file: string): Table {
  try {
    return parseToml(fs.readFileSync(file, 'utf8')) as Table;
  } catch (err) {
    void err; // missing (or one Codex itself will complain about): nothing from it
    return {};
  }
}

function merge(into: Table, from: Table): Table {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k];
    into[k] = isTable(cur) && isTable(v) ? merge({ ...cur }, v) : v;
  }
  return into;
}

/**
 * `$CODEX_HOME/config.toml` (default ~/.codex), with a `--profile NAME`'s own file (`NAME.config.toml`, Codex 0.16x)
 * layered over it, then the command line's `-c` overrides; {} when there is none.
 */
export function codexConfig(flags: CodexFlags, env: NodeJS.ProcessEnv): { config: Table; file: string } {
  const home = env['CODEX_HOME'] ?? path.join(env['HOME'] ?? os.homedir(), '.codex');
  const file = path.join(home, 'config.toml');
  const config = readToml(file);
  if (flags.profile) merge(config, readToml(path.join(home, `${flags.profile}.config.toml`)));
  for (const [k, v] of flags.overrides) setPath(config, k, v);
  return { config, file };
}

export interface ActiveProvider {
  id: string;
  /** where the choice was made: a profile's model_provider is overridden there, not at the root */
  profile: string | null;
  table: Table | null;
}

/** The provider this Codex run will use: --oss, else the active profile's model_provider, else the root's, else openai. */
export function codexActiveProvider(flags: CodexFlags, config: Table): ActiveProvider {
  if (flags.oss) return { id: 'oss', profile: null, table: null };
  const profileName = flags.profile ?? (typeof config['profile'] === 'string' ? config['profile'] : null);
  const profiles = isTable(config['profiles']) ? config['profiles'] : {};
  const profile = profileName && isTable(profiles[profileName]) ? profiles[profileName] : null;
  const fromProfile = profile && typeof profile['model_provider'] === 'string' ? profile['model_provider'] : null;
  const id = fromProfile ?? (typeof config['model_provider'] === 'string' ? config['model_provider'] : 'openai');
  const providers = isTable(config['model_providers']) ? config['model_providers'] : {};
  const table = isTable(providers[id]) ? providers[id] : null;
  return { id, profile: fromProfile ? profileName : null, table };
}

const quote = (s: string): string => JSON.stringify(s);

export interface CodexRouting {
  /** `-c` overrides to insert after the codex command word */
  args: string[];
  env: Record<string, string>;
  note: string | null;
}

/**
 * Routes Codex through the recorder without touching its config files and without the secret on its command line:
 * the base URL given with `-c` carries no secret; Codex sends it in a header read from CLAWTRACE_SECRET
 * (`env_http_headers`). A provider of the user's own (`[model_providers.x]`, chosen at the root, by a profile or by
 * `-c`) keeps everything it has (env_key, wire_api, headers, query params): only its base_url is pointed at a recorder
 * route that forwards to the original. The built-in OpenAI provider cannot be changed, so a `clawtrace` provider
 * replaces it (Responses, OPENAI_API_KEY, its base URL from OPENAI_BASE_URL or the public API).
 */
export function codexRouting(args: readonly string[], host: RouteHost, env: NodeJS.ProcessEnv): CodexRouting {
  const flags = codexFlags(args);
  const { config } = codexConfig(flags, env);
  const active = codexActiveProvider(flags, config);
  const header = (p: string): string[] => ['-c', `${p}.env_http_headers.${SECRET_HEADER}=${quote(SECRET_ENV)}`];
  const secretEnv = { [SECRET_ENV]: host.secret };
  if (active.id === 'openai' || !BUILT_IN.has(active.id)) {
    if (active.id !== 'openai') {
      const baseUrl = active.table?.['base_url'];
      if (typeof baseUrl !== 'string') {
        return { args: [], env: {}, note: `clawtrace: Codex's provider '${active.id}' has no base_url in its config: this run is not recorded` };
      }
      const route = routeFromBaseUrl(`codex-${active.id.replace(/[^A-Za-z0-9_-]/g, '_')}`, baseUrl, 'config');
      host.addRoute(route);
      const p = `model_providers.${active.id}`;
      return {
        args: ['-c', `${p}.base_url=${quote(host.baseUrl(route.name, { secretInHeader: true }))}`, ...header(p), '-c', `${p}.supports_websockets=false`],
        env: secretEnv,
        note: null,
      };
    }
    const p = 'model_providers.clawtrace';
    const select = active.profile ? `profiles.${active.profile}.model_provider` : 'model_provider';
    return {
      args: [
        '-c',
        `${select}="clawtrace"`,
        '-c',
        `${p}.name="clawtrace"`,
        '-c',
        `${p}.base_url=${quote(host.baseUrl('openai', { secretInHeader: true }))}`,
        '-c',
        `${p}.env_key="OPENAI_API_KEY"`,
        '-c',
        `${p}.wire_api="responses"`,
        '-c',
        `${p}.supports_websockets=false`,
        ...header(p),
      ],
      env: secretEnv,
      note: null,
    };
  }
  return { args: [], env: {}, note: `clawtrace: Codex's built-in local provider '${active.id}' is not routed through the recorder` };
}
