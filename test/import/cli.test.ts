import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { Command } from 'commander';
import { registerImport, renderImportSummary } from '../../src/cli/commands/import.js';
import { UsageError } from '../../src/cli/errors.js';
import { tempDir } from '../helpers/cli.js';
import { FIX } from './helpers.js';

async function runCli(args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  registerImport(program);
  let out = '';
  const write = process.stdout.write.bind(process.stdout);
  // the test runner reports through stdout too (binary frames): capture only the command's text
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    if (typeof chunk !== 'string') return write(chunk, ...rest);
    out += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync(['node', 'clawtrace', 'import', ...args]);
  } finally {
    process.stdout.write = write;
  }
  return out;
}

test('`import PATH --json` prints the summary; the second run reads nothing', async () => {
  const db = path.join(tempDir(), 'c.db');
  const first = JSON.parse(await runCli([path.join(FIX, 'openclaw'), '--db', db, '--json'])) as { sessions: number; calls: number };
  assert.deepEqual([first.sessions, first.calls], [1, 3]);
  const text = await runCli([path.join(FIX, 'openclaw'), '--db', db]);
  assert.match(text, /sessions: 0 \(0 new, 0 updated\)/);
  assert.match(text, /2 unchanged since the last import/);
});

test('usage mistakes are one-line UsageErrors', async () => {
  await assert.rejects(runCli(['--from', 'cursor']), UsageError);
  await assert.rejects(runCli(['--since', 'someday']), UsageError);
  await assert.rejects(runCli(['/no/such/path']), (e: unknown) => e instanceof UsageError && /no such file or folder: \/no\/such\/path/.test(e.message));
});

test('the summary names skipped lines by reason', () => {
  const text = renderImportSummary({
    files: 2, unchangedFiles: 0, readFiles: 2, bytes: 2 * 1024 * 1024, sessions: 1, newSessions: 1, updatedSessions: 0, calls: 4,
    olderSessions: 0, unknownFiles: 1, unknownPaths: ['/logs/notes.jsonl'], sessionsByFormat: { codex: 1 }, skipped: { invalid_json: 2 }, parsedInThreads: 0,
  });
  assert.match(text, /files: 2 found, 2 read \(2\.0 MB\)/);
  assert.match(text, /skipped: 2 invalid_json/);
  assert.match(text, /not an agent log: \/logs\/notes\.jsonl/, 'a file that matched no format is named');
});
