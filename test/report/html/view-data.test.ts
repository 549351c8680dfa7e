import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCard } from '../../../src/compile/card/build-card.js';
import { maskSecrets } from '../../../src/compile/card/mask-secrets.js';
import type { TraceCard } from '../../../src/compile/card/schema.js';
import type { LlmCallRecord, NormalizedCall } from '../../../src/domain/llm-call.js';
import { scriptSafeJson } from '../../../src/report/html/page.js';
import { renderSessionHtml } from '../../../src/report/html/render.js';
import { buildReportView } from '../../../src/report/html/report-view.js';
import { buildSessionView, TEXT_LIMIT, type SessionPageInput } from '../../../src/report/html/session-view.js';
import type { LlmStepView, ToolStepView } from '../../../src/report/html/view-data.js';
import { SessionBuilder } from '../../compile/flags/build-session.js';

const KEY = `sk-proj-${'Ab9'.repeat(12)}`;

/** A main agent with a tool call carrying a key, a sub-agent that spawns its own, and one unpriced sub-agent. */
function built(): SessionPageInput {
  const b = new SessionBuilder();
  b.llm({ input: 5000 }); // s1
  b.tool({ name: 'Bash', args: { command: `export OPENAI_API_KEY=${KEY} && ./deploy` }, result: `using ${KEY}` }); // s2
  b.tool({ name: 'Read', args: { file_path: 'a.ts' }, result: 'x'.repeat(300) }); // s3
  b.llm(); // s4
  b.tool({ name: 'Task', args: { prompt: 'look around' }, result: 'done', spawns: 'a1' }); // s5
  b.llm({ agent: 'a1' }); // s6
  b.tool({ name: 'Task', agent: 'a1', args: { prompt: 'look deeper' }, result: 'deep', spawns: 'a2' }); // s7
  b.llm({ agent: 'a2', unpriced: true }); // s8
  b.llm({ agent: 'a1' }); // s9
  b.llm({ out: 'all done' }); // s10
  const s = b.build();
  const card = buildCard(s);
  return { ...s, card };
}

/** Stored calls whose answers are the given texts, matched to the built steps by call id. */
function callsWith(input: SessionPageInput, text: (id: string) => string): LlmCallRecord[] {
  return input.structure.steps.flatMap((s) =>
    s.kind === 'llm' ? [{ id: s.callId, sessionId: 'built', seq: s.seq, exchangeId: null, startedAt: s.startedAt, firstByteAt: null, endedAt: null, call: { outputText: text(s.id), request: { firstUserText: 'deploy it', lastUserText: 'deploy it' } } as NormalizedCall }] : [],
  );
}

test('steps: tool arguments, results and answers are masked as the card masks them, and cut', () => {
  const input = built();
  const long = `${KEY} ${'y'.repeat(TEXT_LIMIT * 2)}`;
  const v = buildSessionView({ ...input, calls: callsWith(input, (id) => (id === 's10' ? long : `answer of ${id}`)) });
  const json = JSON.stringify(v);
  assert.ok(!json.includes(KEY.slice(8)), 'no key anywhere in the data');
  const bash = v.steps.find((s): s is ToolStepView => s.id === 's2');
  assert.equal(bash?.args, maskSecrets(`{"command":"export OPENAI_API_KEY=${KEY} && ./deploy"}`));
  assert.equal(bash?.summary, input.card.steps.find((s) => s.id === 's2')?.args, 'the one-line summary is the card’s');
  assert.equal(bash?.result, maskSecrets(`using ${KEY}`));
  const last = v.steps.find((s): s is LlmStepView => s.id === 's10');
  assert.equal(last?.textChars, long.length);
  assert.equal(last?.text.length, TEXT_LIMIT + 1, 'cut to the limit, with an ellipsis');
  assert.ok(last?.text.startsWith('sk-proj-***'));
  const first = v.steps.find((s): s is LlmStepView => s.id === 's1');
  assert.deepEqual(first?.prompts, ['deploy it'], 'the prompt shows once, on the first call that carried it');
  assert.deepEqual(v.steps.find((s): s is LlmStepView => s.id === 's4')?.prompts, []);
});

test('agents: depth first with depths; subtree costs; an agent whose calls are all unpriced has no price', () => {
  const input = built();
  const v = buildSessionView(input);
  assert.deepEqual(v.agents.map((a) => [a.id, a.depth, a.parent, a.spawnedBy]), [['main', 0, null, null], ['a1', 1, 'main', 's5'], ['a2', 2, 'a1', 's7']]);
  const [main, a1, a2] = v.agents;
  assert.equal(a2?.usd, null);
  assert.equal(a2?.subtreeUsd, null);
  assert.equal(a1?.subtreeUnpriced, 1);
  assert.ok(main && a1 && main.usd !== null && a1.usd !== null);
  assert.ok(Math.abs((main.subtreeUsd ?? 0) - (main.usd + a1.usd)) < 1e-6);
  assert.equal(v.totals.unpriced, 1);
  assert.equal(v.totals.usd, input.card.totals.cost.total_usd, 'partly unpriced: the priced part, with its count');
});

test('money: calls by kind add up to the billed total; a round trip shared by two tools is split between them', () => {
  const input = built();
  const v = buildSessionView(input);
  const kinds = v.money.byKind.reduce((sum, r) => sum + (r.usd ?? 0), 0);
  assert.ok(Math.abs(kinds - (input.card.totals.cost.total_usd ?? Number.NaN)) < 1e-5);
  const s1 = input.costs.find((c) => c.stepId === 's1')?.direct ?? NaN;
  const bash = v.money.byTool.find((r) => r.key === 'Bash');
  assert.ok(bash?.roundTrip !== null && Math.abs((bash?.roundTrip ?? NaN) - s1 / 2) < 1e-6, 's1 asked for Bash and Read');
  const task = v.money.byTool.find((r) => r.key === 'Task');
  assert.equal(task?.count, 2);
  assert.equal(task?.roundTripUnpriced, 0);
});

test('flags: largest first, unpriced last; a kind or field the detectors add later is kept, as text', () => {
  const input = built();
  const extra = { kind: 'speculative_fanout', steps: ['s4', 's5'], target: 'Task', wasted_usd: 0.5, evidence: `fan-out with ${KEY}`, confidence: 0.8, related: ['s9'] };
  const flags = [{ kind: 'tool_loop', steps: ['s2'], target: 'Bash', wasted_usd: null, evidence: 'e1' }, { kind: 'cache_miss', steps: ['s1', 's4'], target: 'm', wasted_usd: 0.01, evidence: 'e2' }, extra];
  const card = { ...input.card, flags } as unknown as TraceCard;
  const v = buildSessionView({ ...input, card });
  assert.deepEqual(v.flags.map((f) => [f.kind, f.usd]), [['speculative_fanout', 0.5], ['cache_miss', 0.01], ['tool_loop', null]]);
  assert.deepEqual(v.flags[0]?.extra, [['confidence', '0.8'], ['related', '["s9"]']]);
  assert.equal(v.flags[0]?.evidence, 'fan-out with sk-proj-***');
  assert.deepEqual(v.flags[0]?.calls, ['s4'], 's5 is a tool: its call s4 is marked');
  assert.deepEqual(v.flags[2]?.calls, ['s1']);
  assert.equal(v.totals.wasteUsd, 0.51);
  assert.equal(v.totals.wasteUnpriced, 1);
  assert.deepEqual((v.steps.find((s) => s.id === 's4') as LlmStepView).flags, [0, 1]);
});

test('the embedded JSON cannot close its script element, and reads back the same', () => {
  const input = built();
  const hostile = '</script><script>alert(1)</script><!-- \u2028';
  const html = renderSessionHtml({ ...input, calls: callsWith(input, () => hostile) });
  assert.equal(html.match(/<\/script>/g)?.length, 2, 'only the page’s own two script elements end');
  assert.ok(!html.includes('<!--'));
  const json = scriptSafeJson({ t: hostile });
  assert.deepEqual(JSON.parse(json), { t: hostile });
});

test('report view: dates in order, stacks by breakdown name, an all-unpriced row has no price', () => {
  const tok = { input: 1, cache_read: 0, cache_write: 0, output: 1, reasoning: 0 };
  const row = (key: string, usd: number, calls: number, unpriced: number, breakdown?: { key: string; usd: number }[]) => ({
    key, label: key, cost_usd: usd, unpriced_calls: unpriced, estimated_calls: 0, tokens: tok, calls, sessions: 1, cache_hit_rate: 0,
    ...(breakdown ? { breakdown: breakdown.map((b) => ({ key: b.key, label: b.key, cost_usd: b.usd, unpriced_calls: 0, estimated_calls: 0, tokens: tok, calls: 1, sessions: 1, cache_hit_rate: 0 })) } : {}),
  });
  const v = buildReportView({
    kind: 'daily', tz: 'UTC', since: null, until: null, filters: { project: 'api', agent: null, model: null },
    rows: [row('2026-11-02', 3, 2, 0, [{ key: 'b', usd: 1 }, { key: 'a', usd: 2 }]), row('2026-11-01', 0, 4, 4), row('2026-11-03', 5, 1, 0, [{ key: 'b', usd: 5 }])],
    totals: row('total', 8, 7, 4),
  });
  assert.deepEqual(v.rows.map((r) => [r.key, r.usd]), [['2026-11-01', null], ['2026-11-02', 3], ['2026-11-03', 5]]);
  assert.deepEqual(v.series, { names: ['b', 'a'], values: [[0, 0], [1, 2], [5, 0]] });
  assert.deepEqual(v.filters, [['project', 'api']]);
  assert.equal(v.totals.usd, 8);
});
