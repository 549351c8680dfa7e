import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { compileSession } from '../../src/compile/compile-session.js';
import { makePriceTable } from '../../src/compile/pricing/price-table.js';
import type { Flag, TraceCard } from '../../src/compile/card/schema.js';
import { distill } from '../../src/distill/distill.js';
import { applyPatch, planPatch } from '../../src/distill/run-distill.js';
import { SKILL_SECTIONS } from '../../src/distill/skill.js';
import { openDb } from '../../src/store/db.js';
import { importSession } from '../helpers/session-fixture.js';
import { REPO_ROOT, clawtrace, tempDir } from '../helpers/cli.js';

const BASE: TraceCard = (() => {
  const db = openDb(':memory:');
  const id = importSession(db, path.join(REPO_ROOT, 'fixtures', 'sessions', 'demo-fix-ok.json'));
  return compileSession(db, id, makePriceTable([])).card;
})();

/** A card of a session with these flags and this outcome (the demo card's other fields). */
function card(id: string, flags: Partial<Flag>[], o: { status?: 'success' | 'failure' | 'unknown'; source?: 'oracle' | 'manual' | 'exit_code'; evidence?: string; agent?: string } = {}): TraceCard {
  return {
    ...BASE,
    session: { ...BASE.session, id, label: null, agent: { name: o.agent ?? 'claude-code', version: null }, outcome: { status: o.status ?? 'success', source: o.source ?? 'oracle', evidence: o.evidence ?? null } },
    flags: flags.map((f) => ({ kind: 'reread_unchanged', steps: ['s4', 's11'], target: 'read', cause: 'x', wasted_usd: 0.01, evidence: 'e', ...f })),
  };
}

const OPTS = { prune: true, repair: true, preserve: false, minSupport: 2 };

test('one rule per pattern, whatever tool ran it: Bash, bash, shell and exec_command reads are one family', () => {
  const cards = ['Bash', 'bash', 'shell', 'exec_command'].map((tool, i) => card(`s${i}`, [{ target: 'read', evidence: `${tool} read again` }]));
  const r = distill(cards, OPTS);
  assert.deepEqual(r.rules.map((x) => x.id), ['prune-reread-unchanged-file']);
  assert.equal(r.rules[0]?.support.sessions, 4);
  const ids = r.rules.map((x) => x.id);
  assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
});

test("a prune rule's counterfactual names the repeat (the flag's last step), never the first call or a corrected one", () => {
  const cards = [card('a', [{ kind: 'error_retry', steps: ['s7', 's9'], target: 'run:git push', wasted_usd: 0.02 }]), card('b', [{ kind: 'error_retry', steps: ['s3', 's5'], target: 'run:git push', wasted_usd: 0.01 }])];
  const rule = distill(cards, OPTS).rules.find((x) => x.id === 'prune-failed-call-unchanged');
  assert.match(rule?.counterfactual ?? '', /^removing step s9 of session a \(run:git push, which repeated s7;/);
  assert.match(rule?.text ?? '', /read the error and change the command/);
});

test('repair rules say what the failure evidence says, and a failure with no usable evidence makes none', () => {
  const cards = [
    card('f1', [], { status: 'failure', source: 'oracle', evidence: 'exit 1\\nerror: 429 Too Many Requests: rate limit reached' }),
    card('f2', [], { status: 'failure', source: 'manual', evidence: 'git push was rejected (non-fast-forward)' }),
    card('f3', [], { status: 'failure', source: 'manual', evidence: 'meh' }),
  ];
  const r = distill(cards, OPTS);
  const texts = r.rules.filter((x) => x.kind === 'repair').map((x) => x.text);
  assert.equal(texts.length, 2);
  assert.ok(texts.some((t) => /rate-limited|rate limit/.test(t)), texts.join(' | '));
  assert.ok(texts.some((t) => /push/.test(t)), texts.join(' | '));
  assert.ok(texts.every((t) => !/earlier sessions|other sessions/.test(t)), 'never refers to other sessions');
  assert.ok(r.dropped.some((d) => /f3.*nothing a rule can act on/.test(`${d.id} ${d.reason}`)));
  assert.equal(distill([card('ok', [])], OPTS).rules.filter((x) => x.kind === 'repair').length, 0, 'no failure, no repair rule');
});

test("a step's error names a cause only when it is a tool's failure (a push, a test), never a judgement on the report", () => {
  const withError = (id: string, error: string, evidence = 'marked by hand'): TraceCard => {
    const c = card(id, [], { status: 'failure', source: 'manual', evidence });
    const steps = c.steps.map((s, i) => (i === c.steps.length - 1 ? { ...s, error } : s));
    return { ...c, steps };
  };
  const r = distill([withError('m', 'file is missing: did not find config.json')], OPTS);
  assert.equal(r.rules.length, 0, 'wrong-report is read from a person or an oracle only');
  assert.match(r.dropped[0]?.reason ?? '', /no note \(clawtrace mark --note\), and no failed step with a known cause/);
  const p = distill([withError('p', 'fatal: The current branch x has no upstream branch.\nTo push the current branch')], OPTS);
  assert.deepEqual(p.rules.map((x) => x.id), ['repair-push-rejected']);
  const note = distill([withError('n', 'fatal: no upstream branch for push', 'the report claimed tests pass but they did not')], OPTS);
  assert.deepEqual(note.rules.map((x) => x.id), ['repair-wrong-report'], "a person's note comes before the steps' errors");
});

test('a pattern resting mostly on weak evidence (success only by exit code) is not emitted, and says why', () => {
  const cards = [card('w1', [{}], { source: 'exit_code' }), card('w2', [{}], { source: 'exit_code' }), card('s1', [{}])];
  const r = distill(cards, OPTS);
  assert.equal(r.rules.length, 0);
  assert.match(r.dropped.find((d) => d.id === 'prune-reread-unchanged-file')?.reason ?? '', /2 of 3 instances are weak/);
});

test('settings advice: waste that is a setting, with its dollars and the setting to change for the agent that ran', () => {
  const cards = [
    card('c1', [{ kind: 'cache_expiry', steps: ['s1', 's3'], target: 'claude-opus-4-6', cause: 'the prompt cache expired during 20 idle minutes', wasted_usd: 0.5 }]),
    card('o1', [{ kind: 'cache_miss', steps: ['s1', 's3'], target: 'm', cause: 'the thinking setting changed (off → high)', wasted_usd: 0.25 }], { agent: 'openclaw' }),
  ];
  const r = distill(cards, OPTS);
  assert.deepEqual(r.settings.map((s) => [s.id, s.usd, s.sessions]), [['cache-expiry', 0.5, ['c1']], ['thinking-switch', 0.25, ['o1']]]);
  assert.match(r.settings[0]?.setting ?? '', /claude-code: .*promptCacheTtl/);
  assert.equal(r.rules.length, 0, 'advice for people never becomes a rule for the agent');
  assert.ok(Math.abs(r.coveredUsd - 0.75) < 1e-9);
});

test('when nothing can be learned, one line says why', () => {
  assert.match(distill([card('u', [{}], { status: 'unknown' })], OPTS).nothing ?? '', /no outcomes known/);
  assert.match(distill([card('s', [])], OPTS).nothing ?? '', /no flags/);
  const repo = tempDir('ct-norule-');
  fs.mkdirSync(path.join(repo, '.git'));
  fs.writeFileSync(path.join(repo, 'AGENTS.md'), '# Agents\n<!-- clawtrace:rules:begin -->\n- an earlier rule\n<!-- clawtrace:rules:end -->\n');
  const plan = planPatch([card('u', [{}], { status: 'unknown' })], OPTS, repo, undefined);
  assert.deepEqual(plan.patches, [], 'no rule, no patch: rules already committed stay');
});

test('every instructions file present is patched (AGENTS.md and CLAUDE.md); SKILL.md gets its five sections', () => {
  const repo = tempDir('ct-targets-');
  fs.mkdirSync(path.join(repo, '.git'));
  fs.writeFileSync(path.join(repo, 'AGENTS.md'), '# Agents\n');
  fs.writeFileSync(path.join(repo, 'CLAUDE.md'), '# Claude\n');
  const cards = [card('a', [{}]), card('b', [{}]), card('f', [], { status: 'failure', evidence: '2 failing tests' })];
  const plan = planPatch(cards, OPTS, repo, undefined);
  assert.deepEqual(plan.patches.map((p) => p.relPath), ['AGENTS.md', 'CLAUDE.md']);
  applyPatch(plan);
  for (const f of ['AGENTS.md', 'CLAUDE.md']) assert.match(fs.readFileSync(path.join(repo, f), 'utf8'), /Do not read a file again/);
  const yaml = parse(fs.readFileSync(path.join(repo, '.clawtrace', 'rules.yaml'), 'utf8')) as { rules: { id: string }[] };
  assert.equal(new Set(yaml.rules.map((r) => r.id)).size, yaml.rules.length);
  const skill = path.join(repo, 'skills', 'fixes', 'SKILL.md');
  fs.mkdirSync(path.dirname(skill), { recursive: true });
  fs.writeFileSync(skill, '---\nname: fixes\n---\n\n# Fixes\n\n## Workflow\n\nMy own step.\n');
  const sk = planPatch(cards, OPTS, repo, skill);
  applyPatch(sk);
  const text = fs.readFileSync(skill, 'utf8');
  for (const s of SKILL_SECTIONS) assert.match(text, new RegExp(`## ${s}`));
  assert.match(text, /## Workflow\n\nMy own step\.\n\n<!-- clawtrace:workflow:begin -->[\s\S]*<!-- clawtrace:workflow:end -->/, 'the person’s text stays');
  assert.match(text.split('## Cost control')[1] ?? '', /Do not read a file again/);
  assert.match(text.split('## Artifact checklist')[1]?.split('## Cost control')[0] ?? '', /Run the tests after your last change/);
  assert.equal(planPatch(cards, OPTS, repo, skill).patches[0]?.diff, '', 'a second run changes nothing');
});

test('--preserve adds scoped preserve rules and never removes the prune and repair rules', async () => {
  const db = path.join(tempDir('ct-preserve-'), 'c.db');
  const store = openDb(db);
  for (const n of ['demo-fix-ok', 'demo-fix-ok-2', 'demo-fix-rushed']) importSession(store, path.join(REPO_ROOT, 'fixtures', 'sessions', `${n}.json`));
  store.close();
  const kinds = async (args: string[]): Promise<string[]> => {
    const r = await clawtrace(['distill', '--db', db, '--format', 'json', ...args]);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { rules: { kind: string }[] }).rules.map((x) => x.kind);
  };
  const plain = await kinds([]);
  const withPreserve = await kinds(['--preserve']);
  for (const k of ['repair', 'prune']) assert.ok(plain.includes(k) && withPreserve.includes(k), k);
  assert.ok(!plain.includes('preserve'));
  assert.ok((await kinds(['--no-prune'])).every((k) => k !== 'prune'));
});

test('--explain with nothing dropped says whether there was any candidate at all', async () => {
  const { renderDropped } = await import('../../src/distill/render-rules.js');
  assert.equal(renderDropped([], 0), 'No candidate rule came up.\n');
  assert.equal(renderDropped([], 2), 'Every candidate was emitted.\n');
  assert.equal(renderDropped([{ id: 'r', reason: 'why' }], 0), '- r: why\n');
});
