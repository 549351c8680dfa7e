import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildStructure } from '../../../src/compile/structure/index.js';
import { computeStepCosts } from '../../../src/compile/cost/step-costs.js';
import { makePriceTable } from '../../../src/compile/pricing/price-table.js';
import { makeFlagContext } from '../../../src/compile/flags/context.js';
import { detectFlags } from '../../../src/compile/flags/index.js';
import type { ToolStep } from '../../../src/domain/model.js';
import { call } from '../structure/build-calls.js';
import { REPO_ROOT } from '../../helpers/cli.js';

interface Tool {
  name: string;
  args: Record<string, unknown>;
  result: string;
  error?: boolean;
}
interface Case {
  name: string;
  turns: Tool[][];
  expect: { kind: string; tools: string[] }[];
}

const { cases } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'fixtures', 'flags', 'labelled.json'), 'utf8')) as { cases: Case[] };

/** Turns → stored calls: turn i asks for its tools; turn i+1 carries their results back. */
function sessionOf(c: Case) {
  const calls = [];
  for (let i = 0; i <= c.turns.length; i++) {
    const prev = c.turns[i - 1] ?? [];
    const cur = c.turns[i] ?? [];
    calls.push(
      call({
        t: i + 1,
        msgs: 1 + 2 * i,
        lastCalls: prev.map((_, j) => `t${i - 1}.${j}`),
        results: prev.map((tool, j) => ({ id: `t${i - 1}.${j}`, text: tool.result, error: tool.error ?? false })),
        calls: cur.map((tool, j) => ({ id: `t${i}.${j}`, name: tool.name, args: JSON.stringify(tool.args) })),
        out: i === c.turns.length ? 'done' : '',
      }),
    );
  }
  const structure = buildStructure(calls);
  const costs = computeStepCosts(structure, makePriceTable([]));
  const flags = detectFlags(makeFlagContext(structure, costs, new Map()));
  const stepOf = new Map(structure.steps.filter((s): s is ToolStep => s.kind === 'tool').map((s) => [s.toolCallId.slice(1), s.id]));
  return { flags, stepOf };
}

const tally = new Map<string, { tp: number; fp: number; fn: number }>();
const bump = (kind: string, key: 'tp' | 'fp' | 'fn'): void => {
  const t = tally.get(kind) ?? { tp: 0, fp: 0, fn: 0 };
  t[key]++;
  tally.set(kind, t);
};

for (const c of cases) {
  test(`labelled: ${c.name}`, () => {
    const { flags, stepOf } = sessionOf(c);
    const fired = new Set(flags.map((f) => `${f.kind}:${f.steps.join(',')}`));
    const wanted = new Set(c.expect.map((e) => `${e.kind}:${e.tools.map((t) => stepOf.get(t)).join(',')}`));
    for (const f of fired) bump(f.split(':')[0] ?? '', wanted.has(f) ? 'tp' : 'fp');
    for (const w of wanted) if (!fired.has(w)) bump(w.split(':')[0] ?? '', 'fn');
    assert.deepEqual([...fired].sort(), [...wanted].sort());
  });
}

test('precision of each detector on the labelled set is at least 0.9 (report)', () => {
  const lines: string[] = [];
  for (const [kind, t] of [...tally.entries()].sort()) {
    const precision = t.tp + t.fp ? t.tp / (t.tp + t.fp) : 1;
    const recall = t.tp + t.fn ? t.tp / (t.tp + t.fn) : 1;
    lines.push(`${kind.padEnd(22)} precision ${precision.toFixed(2)} recall ${recall.toFixed(2)} (tp ${t.tp}, fp ${t.fp}, fn ${t.fn})`);
    assert.ok(precision >= 0.9, `${kind} precision ${precision}`);
  }
  assert.ok(tally.size >= 4, 'the set exercises the detectors');
  process.stdout.write(`# detector precision on fixtures/flags/labelled.json\n${lines.map((l) => `#   ${l}`).join('\n')}\n`);
});
