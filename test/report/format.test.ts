import assert from 'node:assert/strict';
import test from 'node:test';
import { fmtDuration, fmtUsd } from '../../src/report/format.js';
import { promptText } from '../../src/report/prompt-text.js';
import { cutToWidth, displayWidth, dropEmptyColumns, outputWidth, renderTable, type Column } from '../../src/report/table.js';

test('durations in human form, unknown as unknown', () => {
  assert.equal(fmtDuration(null), 'unknown');
  assert.equal(fmtDuration(420), '420 ms');
  assert.equal(fmtDuration(4240), '4.2 s');
  assert.equal(fmtDuration(42_900), '42 s');
  assert.equal(fmtDuration(12 * 60_000 + 5000), '12m 05s');
  assert.equal(fmtDuration((2 * 60 + 31) * 60_000 + 59_000), '2h 31m');
  // the 31567m05s
  assert.equal(fmtDuration(31_567 * 60_000 + 5000), '21d 22h');
});

test('a cost too small for four decimals is not printed as $0', () => {
  assert.equal(fmtUsd(0), '$0');
  assert.equal(fmtUsd(0.00003), '<$0.0001');
  assert.equal(fmtUsd(0.0012), '$0.0012');
  assert.equal(fmtUsd(12.3456), '$12.346');
  assert.equal(fmtUsd(1246.6589), '$1246.66');
});

test('first prompts: harness tags dropped, control commands alone are not a prompt', () => {
  assert.equal(promptText('<command-name>/clear</command-name>\n<command-message>clear</command-message>\n<command-args></command-args>'), null);
  assert.equal(promptText('<command-name>/review</command-name><command-args>PR 12</command-args>'), '/review PR 12');
  assert.equal(promptText('<system-reminder>be nice</system-reminder>\nfix   the\ttests'), 'fix the tests');
  assert.equal(promptText('   '), null);
});

const cols: Column[] = [
  { header: 'id', priority: 10 },
  { header: 'note', priority: 1 },
  { header: 'text', priority: 5, flex: true, minWidth: 8, prefWidth: 20 },
  { header: 'cost', align: 'right', priority: 9 },
];
const rows = [
  { cells: ['a1', 'n', 'a long first prompt that goes on and on about things', '$1.000'] },
  { cells: ['b2', '', 'short', '$12.000'] },
];

test('tables fit the width: the flexible column is cut first, then the least important columns go', () => {
  for (let w = 20; w <= 120; w++) {
    const out = renderTable(cols, rows, { width: w });
    for (const line of out.trimEnd().split('\n')) assert.ok(displayWidth(line) <= w, `${w}: '${line}'`);
    assert.match(out, /^id/, 'the most important column stays');
  }
  const at40 = renderTable(cols, rows, { width: 40 });
  assert.match(at40, /note +text/, 'at its preferred width the text leaves room for every column');
  assert.match(at40, /a long first prompt …/);
  const at34 = renderTable(cols, rows, { width: 34 });
  assert.doesNotMatch(at34, /note/, 'the least important column goes before the text is cut below its preferred width');
  assert.match(at34, /a long first prompt …/);
  assert.match(renderTable(cols, rows, { width: 30 }), /a long first pro…/, 'then the text shrinks');
  const piped = renderTable(cols, rows, { width: null });
  assert.match(piped, /a long first prompt that goes on and on about things/, 'piped output is complete');
  assert.doesNotMatch(piped, /─/, 'and plain');
});

test('empty columns are left out; wide characters count twice; COLUMNS sets the width of piped output', () => {
  const kept = dropEmptyColumns(cols, [{ cells: ['x', '', 'y', ''] }], (c) => c.header === 'cost');
  assert.deepEqual(kept.columns.map((c) => c.header), ['id', 'text', 'cost']);
  assert.deepEqual(kept.rows[0]?.cells, ['x', 'y', '']);
  assert.equal(displayWidth('修复测试'), 8);
  assert.equal(cutToWidth('修复测试失败', 7), '修复测…');
  assert.equal(outputWidth({ isTTY: false }, { COLUMNS: '80' }), 80);
  assert.equal(outputWidth({ isTTY: false }, {}), null);
  assert.equal(outputWidth({ isTTY: true, columns: 133 }, { COLUMNS: '80' }), 133);
});
