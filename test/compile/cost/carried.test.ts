import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildStructure } from '../../../src/compile/structure/index.js';
import { computeStepCosts } from '../../../src/compile/cost/step-costs.js';
import { makePriceTable } from '../../../src/compile/pricing/price-table.js';
import { call } from '../structure/build-calls.js';

const table = makePriceTable([]);
const BIG = 'x'.repeat(400);

/** A read whose result is sent back at t2, then two more calls; the third's head (and maybe history) changes. */
function carriedOfRead(third: { head: string; history: string }): number {
  const s = buildStructure([
    call({ t: 1, msgs: 1, calls: [{ id: 'r', name: 'read' }] }),
    call({ t: 2, msgs: 3, lastCalls: ['r'], results: [{ id: 'r', text: BIG }], calls: [{ id: 'b', name: 'bash' }] }),
    call({ t: 3, msgs: 5, lastCalls: ['b'], results: [{ id: 'b' }], calls: [{ id: 'c', name: 'bash' }] }),
    call({ t: 4, msgs: 7, lastCalls: ['c'], results: [{ id: 'c' }], out: 'done', ...third }),
  ]);
  const read = s.steps.find((x) => x.kind === 'tool' && x.name === 'read');
  const carried = computeStepCosts(s, table).find((c) => c.stepId === read?.id)?.carried;
  assert.ok(typeof carried === 'number' && carried > 0);
  return carried;
}

test('a tool result stays carried when only the system prompt changes (same history), and stops when the history is compacted', () => {
  const same = carriedOfRead({ head: 'head', history: 'head' });
  const newSystem = carriedOfRead({ head: 'rebuilt-system-prompt', history: 'head' });
  const compacted = carriedOfRead({ head: 'summary', history: 'summary' });
  assert.ok(Math.abs(newSystem - same) < 1e-12, 'a rebuilt system prompt does not drop the history');
  // carried in t2, t3 and t4 (same history) against t2 and t3 (compacted before t4): each call pays the same rate
  assert.ok(Math.abs(same / compacted - 3 / 2) < 1e-9, `${same} vs ${compacted}`);
});
