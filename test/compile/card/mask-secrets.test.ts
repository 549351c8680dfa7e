import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskSecrets } from '../../../src/compile/card/mask-secrets.js';

/** Deterministic random-looking text (no real secret appears in this file). */
function noise(length: number, alphabet: string, seed = 7): string {
  let x = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += alphabet[(x >>> 16) % alphabet.length];
  }
  return out;
}
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

const cases: [string, string, string][] = [
  ['Anthropic key', `key sk-ant-api03-${noise(40, B64)} end`, 'key sk-ant-api03-*** end'],
  ['OpenAI project key', `OPENAI_KEY is sk-proj-${noise(30, B64)}`, 'OPENAI_KEY is sk-proj-***'],
  ['plain sk- key', `sk-${noise(24, B64)}`, 'sk-***'],
  ['Google key', `AIza${noise(35, B64)}`, 'AIza***'],
  ['GitHub token', `ghp_${noise(36, B64)}`, 'ghp_***'],
  ['Slack token', `xoxb-${noise(20, HEX)}-abc`, 'xoxb-***'],
  ['AWS access key id', `AKIA${noise(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`, 'AKIA***'],
  ['bearer header', `curl -H "Authorization: Bearer ${noise(30, B64)}" x`, 'curl -H "Authorization: Bearer ***" x'],
  ['password pair', 'psql password=hunter2hunter2 host=db', 'psql password=*** host=db'],
  ['JSON api key field', `{"api_key": "${noise(20, B64)}"}`, '{"api_key": "***"}'],
  ['URL credentials', 'git clone https://user:s3cretpass@git.example.test/r.git', 'git clone https://user:***@git.example.test/r.git'],
  ['long hex run', `token ${noise(40, HEX)} here`, 'token *** here'],
  ['long base64 run', `blob ${noise(48, B64)} here`, 'blob *** here'],
];

for (const [name, input, expected] of cases) {
  test(`masks ${name}`, () => {
    assert.equal(maskSecrets(input), expected);
  });
}

test('leaves ordinary text, paths, short hashes and identifiers alone', () => {
  for (const text of [
    'cat src/compile/card/build-card.ts',
    'sed -n 1,40p src/ComponentRegistryProviderFactoryImplementation2.ts',
    'result hash 3f9a2b1c4d5e6f70',
    'max_tokens: 4096',
    'the tokens were re-sent in 12 calls',
    'npm test -- --grep "password reset flow"',
  ]) {
    assert.equal(maskSecrets(text), text, text);
  }
});

test('masks a private key block whole', () => {
  const block = `-----BEGIN RSA PRIVATE KEY-----\n${noise(64, B64)}\n-----END RSA PRIVATE KEY-----`;
  assert.equal(maskSecrets(`key: ${block}`).includes(noise(64, B64).slice(0, 20)), false);
});
