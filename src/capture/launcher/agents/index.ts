import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { agentVersion, detectAgent, type AgentKind } from './detect.js';
import { writeOpenclawOverlay } from './openclaw-overlay.js';
import { codexRouting, type RouteHost } from './codex.js';

export type { RouteHost } from './codex.js';

export interface AgentLaunch {
  argv: string[];
  env: Record<string, string>;
  agentName: AgentKind | null;
  agentVersion: string | null;
  /** said once on stderr before the run, when routing this agent needs the user's attention */
  note: string | null;
  /** removes what routing wrote for the run (a config overlay); call once the agent has exited */
  cleanup(): void;
}

/** A private scratch folder for one run's config overlay, and its removal. */
export function scratch(): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawtrace-route-'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Routes a known agent through the recorder with the least intrusive means, never touching the user's own config
 * files (see the notes on each agent): environment variables where the agent honours them, command-line config
 * overrides or a temporary config overlay where it does not. Unknown commands (SDK scripts) get the generic provider
 * variables only.
 */
export function adaptLaunch(
  argv: readonly string[],
  proxy: RouteHost | ((route: string) => string),
  env: NodeJS.ProcessEnv,
  cwd = process.cwd(),
): AgentLaunch {
  // a plain function: base URLs of a server that is not the recorder (a direct run to compare with)
  const host: RouteHost = typeof proxy === 'function' ? { baseUrl: (r) => proxy(r), addRoute: () => undefined, secret: '' } : proxy;
  const baseUrl = (route: string): string => host.baseUrl(route);
  const found = detectAgent(argv);
  const out: AgentLaunch = { argv: [...argv], env: {}, agentName: found?.kind ?? null, agentVersion: null, note: null, cleanup: () => undefined };
  if (!found) return out;
  out.agentVersion = agentVersion(found.kind, argv[found.commandIndex] ?? '', env);
  switch (found.kind) {
    case 'claude-code':
      // ANTHROPIC_BASE_URL without /v1 (set for every child already); nothing else needed
      break;
    case 'opencode':
      // opencode's Anthropic base URL includes /v1: the user's own (its path kept as it is), else ours with /v1
      if (host.route?.('anthropic')?.from !== 'env') out.env['ANTHROPIC_BASE_URL'] = `${baseUrl('anthropic')}/v1`;
      break;
    case 'codex': {
      // Codex ignores OPENAI_BASE_URL: -c overrides of its active provider (config.toml stays untouched), HTTP only,
      // the secret in an environment variable it sends as a header
      const r = codexRouting(argv.slice(found.commandIndex + 1), host, env);
      out.argv.splice(found.commandIndex + 1, 0, ...r.args);
      Object.assign(out.env, r.env);
      out.note = r.note;
      break;
    }
    case 'gemini-cli':
      // GOOGLE_GEMINI_BASE_URL is set for every child; it applies with API-key auth (GEMINI_API_KEY)
      if (!env['GEMINI_API_KEY'] && !env['GOOGLE_API_KEY']) {
        out.note = 'clawtrace: Gemini CLI honours the recorder only with API-key auth: set GEMINI_API_KEY (OAuth logins bypass it)';
      }
      break;
    case 'openclaw': {
      // OpenClaw reads base URLs from its config only: a temporary overlay that includes the user's config
      const tmp = scratch();
      const overlay = writeOpenclawOverlay(out.argv, baseUrl, env, cwd, tmp.dir);
      out.argv = overlay.argv;
      Object.assign(out.env, overlay.env);
      out.cleanup = tmp.remove;
      const rest = argv.slice(found.commandIndex + 1);
      if (rest[0] === 'agent' && rest[1] !== 'exec' && !rest.includes('--local')) {
        out.note =
          'clawtrace: `openclaw agent` sends the turn to the OpenClaw gateway, which makes the LLM calls: add --local to run it here, or record the gateway (clawtrace record -- openclaw gateway run)';
      }
      break;
    }
  }
  return out;
}
