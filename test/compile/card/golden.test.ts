import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { compileSession } from '../../../src/compile/compile-session.js';
import { renderCardYaml, cardJsonSchema } from '../../../src/compile/card/render.js';
import { TraceCardSchema } from '../../../src/compile/card/schema.js';
import { makePriceTable } from '../../../src/compile/pricing/price-table.js';
import { openDb } from '../../../src/store/db.js';
import { importSession } from '../../helpers/session-fixture.js';
import { REPO_ROOT } from '../../helpers/cli.js';

const NAMES = ['demo-fix-ok', 'demo-fix-ok-2', 'demo-fix-rushed'];

for (const name of NAMES) {
  test(`golden card: ${name} (recorded exchanges → exact YAML)`, () => {
    const db = openDb(':memory:');
    const id = importSession(db, path.join(REPO_ROOT, 'fixtures', 'sessions', `${name}.json`));
    const card = compileSession(db, id, makePriceTable([])).card;
    const yaml = renderCardYaml(card);
    assert.equal(yaml, fs.readFileSync(path.join(REPO_ROOT, 'fixtures', 'golden', `${name}.card.yaml`), 'utf8'));
    assert.equal(renderCardYaml(compileSession(db, id, makePriceTable([])).card), yaml, 'same database, same bytes');
    const back = TraceCardSchema.parse(parse(yaml));
    assert.equal(back.tracecard, 1);
  });
}

test('the cards say what the scripted sessions did: costs add up, sub-agent linked, flags with steps that exist', () => {
  const db = openDb(':memory:');
  const id = importSession(db, path.join(REPO_ROOT, 'fixtures', 'sessions', 'demo-fix-ok.json'));
  const card = compileSession(db, id, makePriceTable([])).card;
  const sum = card.steps.filter((s) => s.kind === 'llm').reduce((n, s) => n + (s.cost ?? 0), 0);
  assert.ok(Math.abs(sum - (card.totals.cost.total_usd ?? Number.NaN)) < 1e-5, 'step costs add up to the total');
  assert.equal(card.totals.llm_calls, 11);
  assert.equal(card.totals.sub_agents, 1);
  assert.equal(card.totals.by_agent.find((a) => a.agent === 'a1')?.spawned_by, 's6');
  const ids = new Set(card.steps.map((s) => s.id));
  for (const f of card.flags) for (const s of f.steps) assert.ok(ids.has(s), `${f.kind} names ${s}`);
  // the demo agent reads calc.js again before editing it, with the first read still in its conversation, and runs the
  // tests twice in a row with nothing changed in between
  assert.deepEqual(card.flags.map((f) => [f.kind, f.steps.join(',')]), [['reread_unchanged', 's4,s11'], ['duplicate_tool_call', 's17,s19']]);
  assert.equal(card.paper.sub_agents[0]?.output_used_in_final, false);
});

test('card --schema is the JSON Schema of the card', () => {
  const schema = JSON.parse(cardJsonSchema()) as { properties: Record<string, unknown>; required: string[] };
  assert.ok(schema.required.includes('flags'));
  assert.ok('paper' in schema.properties);
});
