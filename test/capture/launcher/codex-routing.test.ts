import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { codexRouting, SECRET_ENV, type RouteHost } from '../../../src/capture/launcher/agents/codex.js';
import type { Route } from '../../../src/capture/proxy/routes.js';
import { tempDir } from '../../helpers/cli.js';

function host(): RouteHost & { added: Route[] } {
  const added: Route[] = [];
  return { added, secret: 'f00d', addRoute: (r) => added.push(r), baseUrl: (name, o) => `http://127.0.0.1:9${o?.secretInHeader ? '' : '/__clawtrace_f00d'}/${name}/v1` };
}

function codexHome(toml: string, profiles: Record<string, string> = {}): NodeJS.ProcessEnv {
  const dir = tempDir('ct-codex-cfg-');
  fs.writeFileSync(path.join(dir, 'config.toml'), toml);
  for (const [name, text] of Object.entries(profiles)) fs.writeFileSync(path.join(dir, `${name}.config.toml`), text);
  return { CODEX_HOME: dir };
}

const CORP = '[model_providers.corp]\nbase_url = "https://gw.corp.test/api/v1"\nenv_key = "CORP_KEY"\nwire_api = "chat"\n';

test('the active provider is found as Codex finds it: root, profile (flag or config), -c override; --oss is left alone', () => {
  for (const [toml, args, profiles] of [
    [`model_provider = "corp"\n${CORP}`, []],
    [CORP, ['-p', 'w'], { w: 'model_provider = "corp"\n' }],
    [`${CORP}[profiles.w]\nmodel_provider = "corp"\n`, ['-p', 'w']],
    [`profile = "w"\n${CORP}[profiles.w]\nmodel_provider = "corp"\n`, []],
    [CORP, ['-c', 'model_provider=corp']],
    [CORP, ['--config=model_provider="corp"']],
  ] as const) {
    const h = host();
    const r = codexRouting(['exec', ...args], h, codexHome(toml, profiles ?? {}));
    assert.deepEqual(h.added.map((x) => [x.name, x.origin, x.basePath]), [['codex-corp', 'https://gw.corp.test', '/api/v1']], toml);
    assert.ok(r.args.includes('model_providers.corp.base_url="http://127.0.0.1:9/codex-corp/v1"'), r.args.join(' '));
    assert.ok(r.args.includes(`model_providers.corp.env_http_headers.x-clawtrace-secret="${SECRET_ENV}"`));
    assert.equal(r.args.some((a) => a.includes('env_key') || a.includes('wire_api') || a.includes('model_provider=')), false, 'the provider keeps its key and wire API');
    assert.deepEqual(r.env, { [SECRET_ENV]: 'f00d' });
    assert.equal(r.args.join(' ').includes('__clawtrace_'), false, 'no secret on the command line');
  }
  const oss = codexRouting(['exec', '--oss'], host(), codexHome(CORP));
  assert.deepEqual(oss.args, []);
  assert.match(oss.note ?? '', /not routed/);
});

test('the built-in OpenAI provider is replaced; a profile that names it is overridden inside the profile', () => {
  const plain = codexRouting(['exec'], host(), codexHome(''));
  assert.ok(plain.args.includes('model_provider="clawtrace"'));
  assert.ok(plain.args.includes('model_providers.clawtrace.base_url="http://127.0.0.1:9/openai/v1"'));
  const profiled = codexRouting(['exec', '--profile', 'p'], host(), codexHome('[profiles.p]\nmodel_provider = "openai"\n'));
  assert.ok(profiled.args.includes('profiles.p.model_provider="clawtrace"'), profiled.args.join(' '));
});
