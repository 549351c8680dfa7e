import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { buildCard } from '../../../src/compile/card/build-card.js';
import { renderCardJson, renderCardYaml } from '../../../src/compile/card/render.js';
import { TraceCardSchema } from '../../../src/compile/card/schema.js';
import { SessionBuilder } from '../flags/build-session.js';

const FAKE_KEY = `sk-ant-api03-${'Qx7'.repeat(10)}`;

/** A small session touching every card section: tools, a failure and its repair, a sub-agent, a big result. */
function sample(): SessionBuilder {
  const b = new SessionBuilder();
  b.llm({ input: 9000 }); // s1: big uncached prompt
  b.tool({ name: 'Grep', args: { pattern: 'TODO', path: 'src' }, result: 'src/a.ts:3' }); // s2
  b.llm(); // s3
  b.tool({ name: 'Grep', args: { path: 'src', pattern: 'TODO' }, result: 'src/a.ts:3' }); // s4: the same search, keys in another order
  b.llm(); // s5
  b.tool({ name: 'Bash', args: { command: `curl -H "Authorization: Bearer ${FAKE_KEY}" api.test` }, result: 'denied', error: true }); // s6
  b.llm(); // s7
  b.tool({ name: 'Bash', args: { command: 'curl -H "Authorization: Bearer $TOKEN" api.test' }, result: '{"ok":true}' }); // s8: repairs s6
  b.llm(); // s9
  b.tool({ name: 'Task', args: { prompt: 'survey the API' }, result: 'twelve endpoints', spawns: 'a1' }); // s10
  b.llm({ agent: 'a1' }); // s11
  b.llm({ agent: 'a1', out: 'The API has twelve endpoints grouped under users, billing and reports.' }); // s12
  b.llm({ out: 'The billing endpoints need the new users field; editing reports next.' }); // s13
  b.tool({ name: 'Read', args: { file_path: 'dump.json' }, result: 'x', tokens: 18000 }); // s14
  for (let i = 0; i < 3; i++) b.llm({ input: 20000 + i }); // s15..s17
  return b;
}

function card() {
  const built = sample().build();
  built.session.tags = { team: 'core', demo: 'true' };
  built.session.command = ['claude', '-p', `use ${FAKE_KEY}`];
  return buildCard(built);
}

test('the same input gives the same bytes, whatever order the tags came in', () => {
  const a = renderCardYaml(card());
  const built = sample().build();
  built.session.tags = { demo: 'true', team: 'core' };
  built.session.command = ['claude', '-p', `use ${FAKE_KEY}`];
  assert.equal(renderCardYaml(buildCard(built)), a);
});

test('YAML: each step is one flow-style line; the card reads back equal to itself', () => {
  const c = card();
  const yaml = renderCardYaml(c);
  const stepLines = yaml.split('\n').filter((l) => l.startsWith('  - {id: s'));
  assert.equal(stepLines.length, 17);
  assert.match(stepLines[0] ?? '', /^ {2}- \{id: s1, agent: main, kind: llm, name: claude-sonnet-4-5, args: null, tok_in: 9000, tok_out: 50, est: false, cost: 0\.02775,/);
  assert.deepEqual(TraceCardSchema.parse(parse(yaml)), c);
  assert.deepEqual(JSON.parse(renderCardJson(c)), c);
});

test('session block: ISO UTC start, duration, masked command', () => {
  const c = card();
  assert.equal(c.session.started, '2023-11-14T22:13:20.000Z');
  assert.ok(c.session.duration_s !== null && c.session.duration_s > 0);
  assert.equal(c.session.command, 'claude -p use sk-ant-api03-***');
});

test('money is rounded to 6 decimals and the step costs add up to the total', () => {
  const c = card();
  for (const s of c.steps) if (s.cost !== null) assert.equal(Math.round(s.cost * 1e6) / 1e6, s.cost);
  const sum = c.steps.reduce((n, s) => n + (s.kind === 'llm' ? (s.cost ?? 0) : 0), 0);
  assert.ok(Math.abs(sum - (c.totals.cost.total_usd ?? Number.NaN)) < 1e-6);
  // s1: 9000 × $3/M + 50 × $15/M
  assert.equal(c.steps[0]?.cost, 0.02775);
});

test('secrets never reach the card: args, errors, evidence', () => {
  const text = renderCardYaml(card());
  assert.ok(!text.includes('Qx7Qx7Qx7'), 'the fake key is masked everywhere');
  assert.ok(text.includes('Bearer ***'));
});

test('top cost steps say why, in words', () => {
  const c = card();
  const reasons = new Map(c.top_cost_steps.map((t) => [t.step, t.reason]));
  assert.equal(c.top_cost_steps.length, 6);
  assert.equal(reasons.get('s17'), 're-sends 20k tokens of history at full input price');
  assert.equal(reasons.get('s14'), 'Read result of 18k tokens carried through 3 calls');
  // s14 carried: 18000 tokens × $3/M in each of s15, s16, s17
  assert.equal(c.top_cost_steps.find((t) => t.step === 's14')?.cost_usd, 0.162);
});

test('paper block: spans with their tools, clusters of near-same calls, sub-agent use, failure and repair', () => {
  const p = card().paper;
  assert.equal(p.top_cost_spans.length, 6);
  // s15..s17 have 20000, 20001, 20002 input tokens; s1 9000
  assert.deepEqual(p.top_cost_spans.map((s) => s.span).slice(0, 4), ['s17', 's16', 's15', 's1']);
  const s1 = p.top_cost_spans[3];
  assert.deepEqual(s1?.tools, ['Grep']);
  assert.equal(s1?.role, 'tool_call');
  const grep = p.redundant_tool_calls.find((r) => r.tool === 'Grep');
  assert.deepEqual(grep?.spans, ['s2', 's4']);
  assert.ok((grep?.similarity ?? 0) >= 0.8);
  assert.deepEqual(p.sub_agents, [{ agent: 'a1', spawned_by: 's10', cost_usd: 0.0075, unpriced_calls: 0, output_used_in_final: true }]);
  assert.deepEqual(p.failed_or_repaired_steps, [{ span: 's6', tool: 'Bash', error: 'denied', repaired_by: 's8' }]);
  assert.equal(p.llm_call_count, 11); // s1 s3 s5 s7 s9 s11 s12 s13 s15 s16 s17
  assert.equal(p.tool_call_count, 6); // s2 s4 s6 s8 s10 s14
});

test('flags come out with rounded money and steps that exist', () => {
  const c = card();
  const ids = new Set(c.steps.map((s) => s.id));
  assert.ok(c.flags.length > 0);
  for (const f of c.flags) {
    for (const s of f.steps) assert.ok(ids.has(s), `${f.kind} names ${s}`);
    if (f.wasted_usd !== null) assert.equal(Math.round(f.wasted_usd * 1e6) / 1e6, f.wasted_usd);
  }
  assert.ok(c.flags.some((f) => f.kind === 'duplicate_tool_call' && f.steps.join() === 's2,s4'));
});
