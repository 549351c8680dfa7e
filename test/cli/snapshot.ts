import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/cli.js';

const DIR = path.join(REPO_ROOT, 'test', 'cli', 'snapshots');

/**
 * Compares CLI output with test/cli/snapshots/<name>.txt. UPDATE_SNAPSHOTS=1 writes the files instead (review the
 * diff before committing); a missing snapshot fails, so CI never passes on output nobody looked at.
 */
export function matchSnapshot(name: string, actual: string): void {
  const file = path.join(DIR, `${name}.txt`);
  if (process.env['UPDATE_SNAPSHOTS'] === '1') {
    fs.mkdirSync(DIR, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `no snapshot ${file}: run the tests with UPDATE_SNAPSHOTS=1 and review it`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `output differs from ${path.relative(REPO_ROOT, file)}`);
}

/** Every line fits the width (in characters: the snapshots are plain text without wide characters). */
export function assertFits(text: string, width: number): void {
  for (const line of text.split('\n')) assert.ok([...line].length <= width, `line wider than ${width}: ${line}`);
}

/** The environment of a spawned CLI for a snapshot: fixed zone, no colour, a width or none (piped). */
export function snapshotEnv(home: string, columns: number | null): NodeJS.ProcessEnv {
  // undefined drops a variable the test runner set (COLUMNS) from the child's environment
  return { HOME: home, TZ: 'Europe/Paris', NO_COLOR: '1', CLAUDE_CONFIG_DIR: '', CODEX_HOME: '', COLUMNS: columns === null ? undefined : String(columns) };
}
