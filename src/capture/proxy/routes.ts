/**
 * Where the recorder forwards each provider's traffic. The agent is given a base URL of the form
 * `http://127.0.0.1:PORT/<secret>/<route><basePath>`; everything after `/<secret>/<route>` is appended to the
 * upstream origin unchanged, so the path and query the client sends reach the provider byte for byte.
 */
export interface Route {
  /** path segment after the secret: anthropic, openai, gemini, or an agent's own provider (codex-<id>) */
  name: string;
  /** e.g. https://api.anthropic.com (scheme, host, port; no path) */
  origin: string;
  /** the path part of the base URL the client should use, e.g. `/v1` for OpenAI ('' when the SDK adds /v1) */
  basePath: string;
  /** where the upstream came from: a --upstream flag, the user's environment, an agent's config, or the default */
  from?: 'flag' | 'env' | 'config' | 'default';
  /**
   * Every endpoint of this API starts with this path (Anthropic: /v1). A request without it came from a client whose
   * own default base URL includes it (opencode, the AI SDK) given ours without: it gets the prefix, so the upstream
   * sees the path a direct run sends.
   */
  apiPrefix?: string;
}

export const DEFAULT_UPSTREAMS: Record<string, string> = {
  anthropic: 'https://api.anthropic.com',
  openai: 'https://api.openai.com/v1',
  gemini: 'https://generativelanguage.googleapis.com',
};

/** The environment variable that holds each provider's base URL, for reading what the user had set already. */
export const BASE_URL_ENV: Record<string, string> = {
  anthropic: 'ANTHROPIC_BASE_URL',
  openai: 'OPENAI_BASE_URL',
  gemini: 'GOOGLE_GEMINI_BASE_URL',
};

/** Splits an upstream base URL into the origin we connect to and the path the client keeps sending. */
export function routeFromBaseUrl(name: string, baseUrl: string, from: Route['from'] = 'flag'): Route {
  const u = new URL(baseUrl);
  const basePath = u.pathname.replace(/\/+$/, '');
  return { name, origin: u.origin, basePath, from, ...(name === 'anthropic' && basePath === '' ? { apiPrefix: '/v1' } : {}) };
}

/** The path sent upstream for the path a client sent through a route (the API prefix added where it is missing). */
export function upstreamPath(route: Route, path: string): string {
  const p = route.apiPrefix;
  if (!p || path === '/' || path.startsWith('/?')) return path;
  if (path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}?`)) return path;
  return `${p}${path}`;
}

/**
 * Builds the route table: `--upstream-<name>` overrides, else the base URL the user already had in the environment
 * (another recorder's URL included: recorders chain), else the provider's public endpoint.
 */
export function resolveRoutes(overrides: Record<string, string | undefined>, env: NodeJS.ProcessEnv): Route[] {
  return Object.keys(DEFAULT_UPSTREAMS).map((name) => {
    const override = overrides[name];
    const envName = BASE_URL_ENV[name];
    const fromEnv = envName ? env[envName] : undefined;
    if (override) return routeFromBaseUrl(name, override, 'flag');
    if (fromEnv) return routeFromBaseUrl(name, fromEnv, 'env');
    return routeFromBaseUrl(name, DEFAULT_UPSTREAMS[name] ?? '', 'default');
  });
}
