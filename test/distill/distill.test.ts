import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { compileSession } from '../../src/compile/compile-session.js';
import { makePriceTable } from '../../src/compile/pricing/price-table.js';
import type { TraceCard } from '../../src/compile/card/schema.js';
import { distill } from '../../src/distill/distill.js';
import { taskSpecificPart } from '../../src/distill/generalize.js';
import { applySection, renderSection, BEGIN, END } from '../../src/distill/section.js';
import { applyPatch, planPatch } from '../../src/distill/run-distill.js';
import { openDb } from '../../src/store/db.js';
import { importSession } from '../helpers/session-fixture.js';
import { REPO_ROOT, tempDir } from '../helpers/cli.js';

function demoCards(): TraceCard[] {
  const db = openDb(':memory:');
  return ['demo-fix-ok', 'demo-fix-ok-2', 'demo-fix-rushed'].map((n) => {
    const id = importSession(db, path.join(REPO_ROOT, 'fixtures', 'sessions', `${n}.json`));
    return compileSession(db, id, makePriceTable([])).card;
  });
}

const ALL = { prune: true, repair: true, preserve: true, minSupport: 2 };

test('rules from the recorded demo sessions: repair from what the failure said, prune rules with counterfactuals', () => {
  const { rules, dropped } = distill(demoCards(), ALL);
  assert.deepEqual(rules.map((r) => r.id), ['repair-tests-failing', 'prune-reread-unchanged-file', 'prune-rerun-checks-after-change']);
  const reread = rules.find((r) => r.id === 'prune-reread-unchanged-file');
  assert.ok(reread);
  assert.deepEqual(reread.support, { sessions: 2, occurrences: 2 }, 'the failed session does not count as support');
  assert.match(reread.counterfactual ?? '', /^removing step s11 of session fix-add-\d \(read, which repeated s4; \$0\.\d{4} wasted\) would not have changed the outcome: the session succeeded \(by oracle\)/);
  const total = reread.evidence.reduce((n, e) => n + (e.wasted_usd ?? 0), 0);
  assert.ok(Math.abs((reread.saved_usd?.total ?? 0) - total) < 1e-6);
  const repair = rules[0];
  assert.match(repair?.text ?? '', /^Run the tests after your last change/);
  assert.match(repair?.evidence[0]?.evidence ?? '', /tests FAIL/, 'the repair rests on what the oracle said');
  assert.ok(Array.isArray(dropped));
});

test('no prune rule without a successful session to argue from', () => {
  const cards = demoCards().map((c) => ({ ...c, session: { ...c.session, outcome: { ...c.session.outcome, status: 'failure' as const } } }));
  const { rules } = distill(cards, { ...ALL, repair: false });
  assert.equal(rules.filter((r) => r.kind === 'prune').length, 0);
  for (const r of distill(demoCards(), { ...ALL, minSupport: 1 }).rules) if (r.kind === 'prune') assert.ok(r.counterfactual);
});

test('rule text carries nothing task-specific, even when args and evidence are full of paths, names and secrets', () => {
  const cards = demoCards().map((c) => ({
    ...c,
    flags: c.flags.map((f) => ({ ...f, target: `${f.target}`, evidence: `${f.evidence} /home/alice/secret-project/src/payments.ts sk-ant-abcdefghijklmnopqrstuv 4242` })),
    steps: c.steps.map((s) => ({ ...s, args: s.args ? `${s.args} --token=ghp_abcdefghijklmnopqrstuvwxyz0123456789` : s.args })),
  }));
  for (const r of distill(cards, { ...ALL, minSupport: 1 }).rules) {
    assert.equal(taskSpecificPart(r.text), null, r.text);
    assert.doesNotMatch(r.text, /alice|payments|calc|test\.js|sk-ant|ghp_/);
  }
  assert.equal(taskSpecificPart('Do not read src/app.ts twice'), 'a path');
  assert.equal(taskSpecificPart('Reuse "output"'), 'a quoted string');
});

test('patching touches only the marked section: idempotent, CRLF and a missing final newline preserved', () => {
  const section = renderSection([], 1);
  const crlf = '# Title\r\n\r\nKeep this line.\r\nNo newline at end';
  const once = applySection(crlf, section);
  assert.ok(once.startsWith(crlf), 'bytes before the section are untouched');
  assert.ok(once.includes(`${BEGIN}\r\n`), 'the section follows the file’s CRLF line ends');
  assert.equal(applySection(once, section), once, 'applying twice is one change');
  const withTail = `${once}\r\nAfter the section.\r\n`;
  const updated = applySection(withTail, renderSection([], 7));
  assert.ok(updated.endsWith(`${END}\r\n\r\nAfter the section.\r\n`), 'bytes after the section are untouched');
  assert.ok(updated.includes('from 7 recorded session(s)'));
  assert.equal(applySection(null, section), `${section.join('\n')}\n`, 'a missing file is created');
});

test('the diff is accepted by git apply on a real repository, and --apply twice changes nothing more', () => {
  const repo = tempDir('ct-git-');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
  git('init', '-q');
  fs.writeFileSync(path.join(repo, 'CLAUDE.md'), '# Project\n\nUse pnpm.\n');
  git('add', '.');
  git('commit', '-qm', 'init');
  const cards = demoCards();
  const plan = planPatch(cards, ALL, repo, undefined);
  assert.equal(plan.patches[0]?.relPath, 'CLAUDE.md', 'an existing CLAUDE.md is the target when there is no AGENTS.md');
  const patchFile = path.join(repo, 'rules.patch');
  fs.writeFileSync(patchFile, (plan.patches[0]?.diff ?? ''));
  git('apply', '--check', patchFile);
  git('apply', patchFile);
  fs.rmSync(patchFile);
  assert.equal(fs.readFileSync(path.join(repo, 'CLAUDE.md'), 'utf8'), (plan.patches[0]?.after ?? ''));
  applyPatch(planPatch(cards, ALL, repo, undefined));
  assert.equal(planPatch(cards, ALL, repo, undefined).patches[0]?.diff, '', 'nothing left to change');
  assert.ok(fs.existsSync(path.join(repo, '.clawtrace', 'rules.yaml')));
  const fresh = tempDir('ct-git-new-');
  execFileSync('git', ['init', '-q'], { cwd: fresh });
  const created = planPatch(cards, ALL, fresh, undefined);
  assert.equal(created.patches[0]?.relPath, 'AGENTS.md');
  fs.writeFileSync(path.join(fresh, 'p.patch'), created.patches[0]?.diff ?? '');
  execFileSync('git', ['apply', '--check', 'p.patch'], { cwd: fresh });
});
