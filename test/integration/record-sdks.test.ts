import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startScriptedServer } from '../../src/scripted/server.js';
import { openDb } from '../../src/store/db.js';
import { listSessions } from '../../src/store/sessions-repo.js';
import { listCalls } from '../../src/store/calls-repo.js';
import { listExchanges } from '../../src/store/exchanges-repo.js';
import { clawtrace, REPO_ROOT, run, tempDir } from '../helpers/cli.js';

const CLIENT = path.join(REPO_ROOT, 'fixtures', 'clients', 'sdk-client.mjs');

interface Line {
  shape: string;
  text: string;
  usage?: Record<string, unknown>;
}

const lines = (out: string): Line[] => out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);

test('the real openai and anthropic SDKs see the same through `clawtrace record`, and every call is stored with its usage', async () => {
  const direct = await startScriptedServer({ scenario: 'echo' });
  const recorded = await startScriptedServer({ scenario: 'echo' });
  const dir = tempDir();
  const db = path.join(dir, 'ct.db');
  try {
    const a = await run(process.execPath, [CLIENT], { env: { OPENAI_BASE_URL: `${direct.url}/v1`, ANTHROPIC_BASE_URL: direct.url } });
    assert.equal(a.code, 0, a.stderr);
    const b = await clawtrace(
      ['record', '--db', db, '--name', 'sdk-shapes', '--upstream-openai', `${recorded.url}/v1`, '--upstream-anthropic', recorded.url, '--', process.execPath, CLIENT],
      { env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/unused', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' } },
    );
    assert.equal(b.code, 0, b.stderr);
    assert.deepEqual(lines(b.stdout), lines(a.stdout), 'the client saw the same replies and usage');
    assert.match(b.stderr, /7 LLM calls/);

    const store = openDb(db);
    const [session] = listSessions(store);
    assert.ok(session);
    assert.equal(session.label, 'sdk-shapes');
    assert.equal(session.exitCode, 0);
    const calls = listCalls(store, session.id);
    assert.deepEqual(
      calls.map((c) => `${c.call.api}${c.call.stream ? '+stream' : ''}`),
      ['openai-chat', 'openai-chat+stream', 'openai-chat+stream', 'openai-responses', 'openai-responses+stream', 'anthropic-messages', 'anthropic-messages+stream'],
    );
    const seen = lines(a.stdout);
    // chat: prompt_tokens includes cached tokens; ours keeps them apart
    const chat = seen[0]?.usage as { prompt_tokens: number; completion_tokens: number };
    assert.deepEqual([calls[0]?.call.usage?.inputUncached, calls[0]?.call.usage?.output], [chat.prompt_tokens, chat.completion_tokens]);
    assert.equal(calls[0]?.call.usage?.estimated, false);
    // a stream without include_usage carries no usage: counted with the tokenizer, marked estimated
    assert.equal(calls[2]?.call.usage?.estimated, true);
    assert.ok((calls[2]?.call.usage?.output ?? 0) > 0);
    const msg = seen[5]?.usage as { input_tokens: number; output_tokens: number };

    assert.deepEqual([calls[5]?.call.usage?.inputUncached, calls[5]?.call.usage?.output], [msg.input_tokens, msg.output_tokens]);
    const streamed = seen[6]?.usage as { output_tokens: number };
    assert.equal(calls[6]?.call.usage?.output, streamed.output_tokens, 'message_delta output overwrites, never adds');
    assert.equal(calls[6]?.call.outputText, 'scripted reply to: stream claude');
    // keys never reach the disk
    const raw = fs.readFileSync(db);
    assert.equal(raw.includes(Buffer.from('sk-test-not-a-real-key')), false);
    assert.equal(raw.includes(Buffer.from('sk-ant-test-not-a-real-key')), false);
    const headers = listExchanges(store, session.id).map((x) => x.requestHeaders);
    assert.ok(headers.some((h) => h['authorization'] === 'Bearer [redacted]'));
    assert.equal(headers.length, 7);
    for (const h of headers) {
      // the Anthropic SDK may send its key as a bearer token instead of x-api-key: either way it is gone
      assert.ok(h['authorization'] === 'Bearer [redacted]' || h['x-api-key'] === '[redacted]', JSON.stringify(h));
    }
    store.close();
  } finally {
    await direct.close();
    await recorded.close();
  }
});
