import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stableResultText } from '../../src/domain/tool-results.js';

test('a result is the same result whatever envelope, clock, duration and process id it came with', () => {
  const run = (chunk: string, wall: string, pid: number, at: string): string =>
    `Chunk ID: ${chunk}\nWall time: ${wall} seconds\nProcess exited with code 0\nOriginal token count: 12\nOutput:\n\n[${at}] pid ${pid}: 3 passing (41ms)\n`;
  const a = stableResultText(run('ab12', '0.52', 4411, '2026-11-30T10:01:02Z'));
  const b = stableResultText(run('ff00', '1.90', 5123, '2026-11-30T11:22:33.5+01:00'));
  assert.equal(a, b);
  assert.equal(a, 'Process exited with code 0 Output: [<time>] pid <id>: 3 passing (<dur>)');
  assert.equal(stableResultText('Process running with session ID 77\n  waiting   '), 'Process running waiting');
  assert.notEqual(stableResultText('3 passing'), stableResultText('2 passing'), 'what the result says still counts');
  assert.notEqual(stableResultText('took 12:30:45 then 4 files'), stableResultText('took 12:30:45 then 5 files'));
});
