import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { REPO_ROOT } from '../../helpers/cli.js';
import { evaluateLabelled, precision, precisionTable } from './labelled.js';

const DIR = path.join(REPO_ROOT, 'fixtures', 'flags', 'labelled');
const { cases, tally } = evaluateLabelled(DIR);

for (const c of cases) {
  test(`labelled ${c.file}: ${c.name}`, () => {
    assert.deepEqual(c.wrong, [], 'no flag that was labelled false or not labelled at all');
    assert.deepEqual(c.missed, [], 'every flag labelled true fires');
  });
}

test('each detector is at least 90% precise on the labelled set (table printed)', () => {
  // the repeat detectors' synthetic cases; every detector's own causes are in analyses/repeats tests, and the
  // evidence that counts is the real-log evaluation (npm run eval -- <logs>, labels in eval/labels/)
  assert.ok(tally.size >= 5, 'the repeat and cache detectors have labelled cases');
  for (const [kind, t] of tally) {
    assert.ok(t.tp + t.fn > 0, `${kind} has at least one true case`);
    assert.ok(precision(t) >= 0.9, `${kind} precision ${precision(t)}`);
  }
  process.stdout.write(`detector precision on fixtures/flags/labelled/\n${precisionTable(tally)}\n`);
});
