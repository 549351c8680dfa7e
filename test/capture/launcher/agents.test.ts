import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { adaptLaunch } from '../../../src/capture/launcher/agents/index.js';
import { detectAgent } from '../../../src/capture/launcher/agents/detect.js';
import { tempDir } from '../../helpers/cli.js';

const base = (route: string): string => `http://127.0.0.1:1/__clawtrace_x/${route}${route === 'openai' ? '/v1' : ''}`;

test('known agents are found behind npx and node wrappers; scripts are not agents', () => {
  assert.equal(detectAgent(['claude', '-p', 'hi'])?.kind, 'claude-code');
  assert.equal(detectAgent(['npx', '@openai/codex', 'exec', 'x'])?.kind, 'codex');
  assert.deepEqual(detectAgent(['node', '/x/node_modules/@google/gemini-cli/dist/index.js', '-p', 'x']), { kind: 'gemini-cli', commandIndex: 1 });
  assert.equal(detectAgent(['/usr/local/bin/opencode', 'run', 'x'])?.kind, 'opencode');
  assert.equal(detectAgent(['node', 'my-agent.js']), null);
  assert.equal(detectAgent(['python', '-m', 'claude']), null, 'only the command word counts');
  assert.deepEqual(detectAgent(['npx', '-y', '@openai/codex@latest', 'exec']), { kind: 'codex', commandIndex: 2 });
  assert.deepEqual(detectAgent(['npx', '-p', '@openai/codex', 'codex', 'exec']), { kind: 'codex', commandIndex: 3 }, 'the -p package is not the command');
  assert.deepEqual(detectAgent(['env', 'DEBUG=1', 'gemini', '-p', 'x']), { kind: 'gemini-cli', commandIndex: 2 });
  assert.deepEqual(detectAgent(['bun', 'x', 'opencode-ai@1.2.3', 'run']), { kind: 'opencode', commandIndex: 2 });
  assert.equal(detectAgent(['npx', '-p', '@openai/codex', 'my-script']), null, 'a package alone does not make its runner the agent');
  assert.equal(detectAgent(['sh', '-c', 'claude -p hi']), null, 'a shell string is not parsed');
});

test('Codex gets a provider as -c overrides right after its command word (its config file is not touched)', () => {
  const l = adaptLaunch(['codex', 'exec', '--json', 'fix it'], base, {});
  assert.equal(l.agentName, 'codex');
  assert.equal(l.argv[0], 'codex');
  assert.deepEqual(l.argv.slice(-3), ['exec', '--json', 'fix it']);
  const overrides = l.argv.filter((_, i) => l.argv[i - 1] === '-c');
  assert.ok(overrides.includes('model_provider="clawtrace"'));
  assert.ok(overrides.includes('model_providers.clawtrace.base_url="http://127.0.0.1:1/__clawtrace_x/openai/v1"'));
  assert.ok(overrides.includes('model_providers.clawtrace.wire_api="responses"'));
  assert.ok(overrides.includes('model_providers.clawtrace.supports_websockets=false'));
});

test('opencode wants /v1 in its Anthropic base URL; Claude Code takes the generic one', () => {
  assert.equal(adaptLaunch(['opencode', 'run', 'x'], base, {}).env['ANTHROPIC_BASE_URL'], 'http://127.0.0.1:1/__clawtrace_x/anthropic/v1');
  const claude = adaptLaunch(['claude', '-p', 'x'], base, {});
  assert.deepEqual(claude.env, {});
  assert.deepEqual(claude.argv, ['claude', '-p', 'x']);
});

test('the agent version is read from the package.json of the binary on PATH', () => {
  const dir = tempDir();
  const pkg = path.join(dir, 'lib', 'node_modules', '@anthropic-ai', 'claude-code');
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: '@anthropic-ai/claude-code', version: '2.1.7' }));
  fs.writeFileSync(path.join(pkg, 'cli.js'), '');
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.symlinkSync(path.join(pkg, 'cli.js'), path.join(dir, 'bin', 'claude'));
  assert.equal(adaptLaunch(['claude', '-p', 'x'], base, { PATH: path.join(dir, 'bin') }).agentVersion, '2.1.7');
});
