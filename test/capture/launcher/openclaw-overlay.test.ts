import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { adaptLaunch } from '../../../src/capture/launcher/agents/index.js';
import { openclawConfigPath, writeOpenclawOverlay } from '../../../src/capture/launcher/agents/openclaw-overlay.js';
import { tempDir } from '../../helpers/cli.js';

const base = (route: string): string => `http://127.0.0.1:9/p/${route}`;

interface Overlay {
  $include?: string;
  models: { mode: string; providers: Record<string, { baseUrl: string; api: string }> };
}

test('the OpenClaw config a run would read: --config, OPENCLAW_CONFIG_PATH, profile and state folders, legacy name, none', () => {
  const home = tempDir('ct-oc-home-');
  const env = { HOME: home };
  assert.equal(openclawConfigPath(['openclaw', 'agent', 'exec', 'x'], env, '/w'), null, 'no config anywhere');
  fs.mkdirSync(path.join(home, '.clawdbot'));
  fs.writeFileSync(path.join(home, '.clawdbot', 'clawdbot.json'), '{}');
  assert.equal(openclawConfigPath(['openclaw'], env, '/w'), path.join(home, '.clawdbot', 'clawdbot.json'), 'the legacy file');
  fs.mkdirSync(path.join(home, '.openclaw'));
  fs.writeFileSync(path.join(home, '.openclaw', 'openclaw.json'), '{}');
  assert.equal(openclawConfigPath(['openclaw'], env, '/w'), path.join(home, '.openclaw', 'openclaw.json'));
  fs.mkdirSync(path.join(home, '.openclaw-work'));
  fs.writeFileSync(path.join(home, '.openclaw-work', 'openclaw.json'), '{}');
  assert.equal(openclawConfigPath(['openclaw', '--profile', 'work', 'agent'], env, '/w'), path.join(home, '.openclaw-work', 'openclaw.json'));
  assert.equal(openclawConfigPath(['openclaw'], { ...env, OPENCLAW_PROFILE: 'work' }, '/w'), path.join(home, '.openclaw-work', 'openclaw.json'));
  assert.equal(openclawConfigPath(['openclaw'], { ...env, OPENCLAW_CONFIG_PATH: '~/cfg/o.json' }, '/w'), path.join(home, 'cfg', 'o.json'));
  assert.equal(openclawConfigPath(['openclaw', 'agent', 'exec', '--config', 'my.json', 'x'], env, '/w'), '/w/my.json', 'explicit, even if missing');
  assert.equal(openclawConfigPath(['openclaw', 'agent', 'exec', '--', '--config', 'my.json'], env, '/w'), path.join(home, '.openclaw', 'openclaw.json'), 'after -- it is the message');
});

test('the overlay includes the user’s config, overrides only the built-in providers, and never writes the user’s file', () => {
  const home = tempDir('ct-oc-home-');
  fs.mkdirSync(path.join(home, '.openclaw'));
  const user = path.join(home, '.openclaw', 'openclaw.json');
  fs.writeFileSync(user, '// mine\n{ models: { providers: { local: { baseUrl: "http://localhost:1234/v1" } } } }\n');
  const before = fs.readFileSync(user, 'utf8');
  const scratch = tempDir('ct-oc-scratch-');
  const o = writeOpenclawOverlay(['openclaw', 'agent', 'exec', 'hi'], base, { HOME: home, OPENCLAW_INCLUDE_ROOTS: '/etc/oc' }, home, scratch);
  const written = JSON.parse(fs.readFileSync(o.file, 'utf8')) as Overlay;
  assert.equal(written.$include, user);
  assert.deepEqual(Object.keys(written.models.providers).sort(), ['anthropic', 'google', 'openai']);
  assert.deepEqual(written.models.providers['anthropic'], { baseUrl: base('anthropic'), api: 'anthropic-messages' });
  assert.equal(written.models.providers['google']?.baseUrl, `${base('gemini')}/v1beta`);
  assert.equal(written.models.mode, 'merge');
  assert.deepEqual(o.env, { OPENCLAW_CONFIG_PATH: o.file, OPENCLAW_INCLUDE_ROOTS: ['/etc/oc', path.dirname(user)].join(path.delimiter) });
  assert.equal(fs.readFileSync(user, 'utf8'), before);
  assert.equal(fs.statSync(o.file).mode & 0o777, 0o600);
});

test('an explicit --config is replaced by the overlay (both spellings); without any config the overlay stands alone', () => {
  const scratch = tempDir('ct-oc-scratch-');
  const home = tempDir('ct-oc-home-');
  const a = writeOpenclawOverlay(['openclaw', 'agent', 'exec', '--config', 'pinned.json', 'hi'], base, { HOME: home }, '/repo', scratch);
  assert.deepEqual(a.argv, ['openclaw', 'agent', 'exec', '--config', a.file, 'hi']);
  assert.equal(a.included, '/repo/pinned.json');
  assert.equal(a.env['OPENCLAW_INCLUDE_ROOTS'], '/repo');
  const b = writeOpenclawOverlay(['openclaw', 'agent', 'exec', '--config=pinned.json'], base, { HOME: home }, '/repo', scratch);
  assert.deepEqual(b.argv, ['openclaw', 'agent', 'exec', `--config=${b.file}`]);
  const c = writeOpenclawOverlay(['openclaw', 'agent', 'exec', 'hi'], base, { HOME: home }, '/repo', scratch);
  const written = JSON.parse(fs.readFileSync(c.file, 'utf8')) as Overlay;
  assert.equal(written.$include, undefined);
  assert.equal(c.env['OPENCLAW_INCLUDE_ROOTS'], undefined);
});

test('record routes OpenClaw through a scratch overlay and removes it when the run ends', () => {
  const home = tempDir('ct-oc-home-');
  const launch = adaptLaunch(['openclaw', 'agent', 'exec', 'hi'], base, { HOME: home, PATH: '' }, home);
  assert.equal(launch.agentName, 'openclaw');
  const file = launch.env['OPENCLAW_CONFIG_PATH'];
  assert.ok(file && fs.existsSync(file));
  assert.ok(!file.startsWith(home), 'the overlay is not written into the user’s folders');
  assert.equal(launch.note, null, '`agent exec` runs the turn in this process');
  launch.cleanup();
  assert.equal(fs.existsSync(path.dirname(file)), false);
});

test('recording `openclaw agent` without --local says the gateway would make the calls; --local and the gateway itself do not', () => {
  const home = tempDir('ct-oc-home-');
  const note = (argv: string[]): string | null => {
    const l = adaptLaunch(argv, base, { HOME: home, PATH: '' }, home);
    l.cleanup();
    return l.note;
  };
  assert.match(note(['openclaw', 'agent', '--agent', 'main', '-m', 'hi']) ?? '', /record the gateway \(clawtrace record -- openclaw gateway run\)/);
  assert.equal(note(['openclaw', 'agent', '--local', '--agent', 'main', '-m', 'hi']), null);
  assert.equal(note(['openclaw', 'gateway', 'run']), null);
});
