import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { CLIENT_SCRIPT } from '../../../src/report/html/client-bundle.generated.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { BUNDLE_FILE, bundleClient, bundleModule, CLIENT_DIR } from './client-bundle.js';

test('the committed page script is the bundle of src/report/html/client as it is now', () => {
  const fresh = bundleClient();
  assert.equal(fs.readFileSync(BUNDLE_FILE, 'utf8'), bundleModule(fresh), 'stale: run `npx tsx scripts/bundle-html-client.ts`');
  assert.equal(CLIENT_SCRIPT, fresh);
  assert.ok(CLIENT_SCRIPT.length < 64 * 1024, `the script stays small (${CLIENT_SCRIPT.length} bytes)`);
});

test('the page script type-checks under its own settings (DOM, strict, no Node)', async () => {
  const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = await promisify(execFile)(process.execPath, [tsc, '-p', CLIENT_DIR], { cwd: REPO_ROOT }).then(
    () => ({ code: 0, out: '' }),
    (err: { code?: number; stdout?: string }) => ({ code: err.code ?? 1, out: err.stdout ?? '' }),
  );
  assert.equal(r.code, 0, r.out);
});
