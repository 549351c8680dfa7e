import fs from 'node:fs';
import path from 'node:path';

export type AgentKind = 'claude-code' | 'codex' | 'gemini-cli' | 'opencode' | 'openclaw';

/** Command names and npm package names of the agents we know how to route. */
const NAMES: Record<string, AgentKind> = {
  claude: 'claude-code',
  '@anthropic-ai/claude-code': 'claude-code',
  codex: 'codex',
  '@openai/codex': 'codex',
  gemini: 'gemini-cli',
  '@google/gemini-cli': 'gemini-cli',
  opencode: 'opencode',
  'opencode-ai': 'opencode',
  openclaw: 'openclaw',
};

const PACKAGES: Record<AgentKind, string> = {
  'claude-code': '@anthropic-ai/claude-code',
  codex: '@openai/codex',
  'gemini-cli': '@google/gemini-cli',
  opencode: 'opencode-ai',
  openclaw: 'openclaw',
};

export interface DetectedAgent {
  kind: AgentKind;
  /** index in argv of the agent's own command word (after npx / node wrappers) */
  commandIndex: number;
}

/** Finds a known agent in a command line: `claude …`, `npx @openai/codex …`, `node …/gemini-cli/…/index.js …`. */
export function detectAgent(argv: readonly string[]): DetectedAgent | null {
  for (let i = 0; i < Math.min(argv.length, 3); i++) {
    const word = argv[i] ?? '';
    const base = path.basename(word).replace(/\.(c?js|mjs|exe|cmd)$/, '');
    const hit = NAMES[word.replace(/@[\d.^~]+$/, '')] ?? NAMES[base];
    if (hit) return { kind: hit, commandIndex: i };
    for (const [kind, pkg] of Object.entries(PACKAGES) as [AgentKind, string][]) {
      if (word.includes(`node_modules/${pkg}/`)) return { kind, commandIndex: i };
    }
    if (!['npx', 'node', 'bunx', 'pnpx', 'pnpm', 'yarn', 'dlx', 'exec'].includes(base) && !word.startsWith('-')) break;
  }
  return null;
}

/** The agent's version from the package.json of the binary on PATH (fast: no `--version` run). */
export function agentVersion(kind: AgentKind, command: string, env: NodeJS.ProcessEnv): string | null {
  const dirs = (env['PATH'] ?? '').split(path.delimiter);
  const candidates = command.includes('/') ? [command] : dirs.map((d) => path.join(d, command));
  for (const c of candidates) {
    let real: string;
    try {
      real = fs.realpathSync(c);
    } catch (err) {
      void err; // not on this PATH entry
      continue;
    }
    let dir = path.dirname(real);
    for (let i = 0; i < 6; i++) {
      const pkgFile = path.join(dir, 'package.json');
      if (fs.existsSync(pkgFile)) {
        try {
          const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { name?: string; version?: string };
          if (pkg.name === PACKAGES[kind] && pkg.version) return pkg.version;
        } catch (err) {
          void err; // an unreadable package.json: keep looking upward
        }
      }
      dir = path.dirname(dir);
    }
  }
  return null;
}
