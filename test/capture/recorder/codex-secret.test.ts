import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { clawtrace, tempDir } from '../../helpers/cli.js';
import { counts, modelUpstream } from './harness.js';

/** A stand-in `codex` on PATH: it reports the command line it got and calls its provider the way Codex does. */
function fakeCodex(report: string): string {
  const bin = tempDir('ct-fake-codex-');
  const file = path.join(bin, 'codex');
  fs.writeFileSync(
    file,
    `#!${process.execPath}
const fs = require('node:fs');
const http = require('node:http');
const argv = process.argv.slice(2);
const base = /base_url="([^"]+)"/.exec(argv.join(' '))[1];
const header = /env_http_headers\\.([\\w-]+)="(\\w+)"/.exec(argv.join(' '));
const send = (headers) => new Promise((resolve) => {
  const req = http.request(base + '/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
  req.on('error', () => resolve(null));
  req.end(JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }));
});
(async () => {
  const withSecret = await send({ [header[1]]: process.env[header[2]] });
  const without = await send({});
  fs.writeFileSync(${JSON.stringify(report)}, JSON.stringify({ cmdline: fs.readFileSync('/proc/self/cmdline', 'utf8'), secret: process.env[header[2]], withSecret, without }));
})();
`,
    { mode: 0o755 },
  );
  return bin;
}

test('recording Codex: no secret on its command line (readable by every local user); it sends the secret from its environment', async () => {
  const up = await modelUpstream();
  const db = path.join(tempDir(), 'ct.db');
  const report = path.join(tempDir(), 'report.json');
  const bin = fakeCodex(report);
  const home = tempDir('ct-codex-home-');
  try {
    const r = await clawtrace(['record', '--db', db, '--quiet', '--upstream-openai', `${up.url}/v1`, '--', 'codex', 'exec', 'hi'], {
      env: { PATH: `${bin}${path.delimiter}${process.env['PATH'] ?? ''}`, CODEX_HOME: home },
    });
    assert.equal(r.code, 0, r.stderr);
    const seen = JSON.parse(fs.readFileSync(report, 'utf8')) as { cmdline: string; secret: string; withSecret: number; without: number };
    assert.match(seen.secret, /^[0-9a-f]{24}$/);
    assert.equal(seen.cmdline.includes(seen.secret), false, 'the secret is not on the command line');
    assert.equal(seen.cmdline.includes('__clawtrace_'), false);
    assert.equal(seen.withSecret, 200, 'the call with the secret header is forwarded');
    assert.equal(seen.without, 404, 'the same URL without it is no relay');
    assert.equal(up.seen.length, 1);
    assert.equal(up.seen[0]?.headers['x-clawtrace-secret'], undefined, 'the secret never reaches the provider');
    const c = counts(db);
    const headers = (c.db.prepare('SELECT request_headers_json AS h FROM exchanges').get() as { h: string }).h;
    c.db.close();
    assert.equal(c.calls, 1);
    assert.equal(headers.includes(seen.secret), false, 'nor the database');
  } finally {
    await up.close();
  }
});
