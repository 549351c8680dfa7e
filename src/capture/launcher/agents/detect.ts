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

/** Words that run the next word of the command line: package runners, node itself, `env`. */
const WRAPPERS = new Set(['npx', 'node', 'bun', 'bunx', 'x', 'pnpx', 'pnpm', 'yarn', 'dlx', 'exec', 'env']);

/**
 * Finds a known agent in a command line: `claude …`, `npx -y @openai/codex@latest …`, `env FOO=1 gemini …`,
 * `node …/gemini-cli/…/index.js …`. The package given to `npx -p` is not the command word; the word after it is.
 */
export function detectAgent(argv: readonly string[]): DetectedAgent | null {
  for (let i = 0; i < Math.min(argv.length, 6); i++) {
    const word = argv[i] ?? '';
    const prev = argv[i - 1] ?? '';
    if (word.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word) || prev === '-p' || prev === '--package') continue;
    const base = path.basename(word).replace(/\.(c?js|mjs|exe|cmd)$/, '');
    const hit = NAMES[word.replace(/(.)@[^/@]+$/, '$1')] ?? NAMES[base];
    if (hit) return { kind: hit, commandIndex: i };
    for (const [kind, pkg] of Object.entries(PACKAGES) as [AgentKind, string][]) {
      if (word.includes(`node_modules/${pkg}/`)) return { kind, commandIndex: i };
    }
    if (!WRAPPERS.has(base)) break;
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
