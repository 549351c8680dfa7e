import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clawtrace, tempDir } from '../helpers/cli.js';

test('prices names the provider whose own list prices the model, or the list it came from, and says unpriced plainly', async () => {
  const cwd = tempDir();
  const line = async (args: string[]): Promise<string> => {
    const r = await clawtrace(['prices', ...args], { cwd });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.split('\n')[0] ?? '';
  };
  assert.match(await line(['claude-sonnet-4-6']), /^claude-sonnet-4-6 via anthropic: /);
  assert.match(await line(['gemini-3-flash-preview']), /^gemini-3-flash-preview via google: /, 'a Gemini model is not "via anthropic"');
  assert.match(await line(['deepseek-chat']), /^deepseek-chat: entry 'deepseek-chat' from genai-prices \(deepseek's list/);
  const json = JSON.parse((await clawtrace(['prices', 'gpt-5', '--json'], { cwd })).stdout) as { provider: string; rates_per_million: { input: number } };
  assert.equal(json.provider, 'openai');
  assert.ok(json.rates_per_million.input > 0);
  const none = await clawtrace(['prices', 'no-such-model-9'], { cwd });
  assert.notEqual(none.code, 0);
  assert.match(none.stderr, /no price for 'no-such-model-9': calls to it are counted as unpriced \(never \$0\)/);
});
