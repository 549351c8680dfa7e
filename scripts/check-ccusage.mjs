#!/usr/bin/env node
// Compares clawtrace's Claude Code import with ccusage on the Claude Code fixtures.
// Installs nothing: pass the path of a ccusage v17 binary installed by you, e.g.
//   npm i --prefix /tmp/ccu ccusage@17 && node scripts/check-ccusage.mjs /tmp/ccu/node_modules/.bin/ccusage
// ccusage groups "sessions" by the folder a transcript sits in, so totals are compared per fixture folder.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = process.argv[2];
if (!bin || !fs.existsSync(bin)) {
  console.error('usage: node scripts/check-ccusage.mjs <path to ccusage v17 binary>');
  process.exit(2);
}
const load = (rel) => tsImport(path.join(root, rel), import.meta.url);
const { openDb } = await load('src/store/db.ts');
const { runImport } = await load('src/import/run-import.ts');
const { listSessions } = await load('src/store/sessions-repo.ts');
const { listCalls } = await load('src/store/calls-repo.ts');

const fixtures = fs
  .readdirSync(path.join(root, 'fixtures', 'import'))
  .filter((d) => d.startsWith('claude-code'))
  .sort();

function theirs(dir) {
  const out = execFileSync(bin, ['session', '--json', '--offline'], {
    env: { ...process.env, CLAUDE_CONFIG_DIR: dir, NO_COLOR: '1', TZ: 'UTC' },
    encoding: 'utf8',
  });
  const t = JSON.parse(out).totals;
  return { input: t.inputTokens, output: t.outputTokens, cacheWrite: t.cacheCreationTokens, cacheRead: t.cacheReadTokens, usd: t.totalCost };
}

async function ours(dir) {
  const db = openDb(':memory:');
  await runImport(db, { paths: [dir], env: {}, homedir: dir });
  const sum = { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 };
  for (const s of listSessions(db)) {
    for (const c of listCalls(db, s.id)) {
      const u = c.call.usage;
      if (!u) continue;
      sum.input += u.inputUncached;
      sum.output += u.output;
      sum.cacheWrite += u.cacheWrite5m + u.cacheWrite1h;
      sum.cacheRead += u.cacheRead;
    }
  }
  db.close();
  return sum;
}

// why a difference is expected, by fixture, checked against the numbers below
const EXPLAIN = {
  'claude-code': 'msg_1 is written twice (output 5, then 42): ccusage keeps the first copy, clawtrace the fullest (+37 output)',
  'claude-code-progress':
    'sub-agent r has no transcript, only progress lines mirroring its messages: clawtrace counts them once (+250 input, +25 output), ccusage not at all',
  'claude-code-inline': 'm1 is written twice (output 1, then 60): ccusage keeps the first copy, clawtrace the fullest (+59 output)',
};

let unexplained = 0;
console.log('fixture                   kind        ccusage  clawtrace   diff');
for (const f of fixtures) {
  const dir = path.join(root, 'fixtures', 'import', f);
  const a = theirs(dir);
  const b = await ours(dir);
  let differs = false;
  for (const k of ['input', 'output', 'cacheWrite', 'cacheRead']) {
    const d = b[k] - a[k];
    if (d !== 0) differs = true;
    console.log(`${f.padEnd(25)} ${k.padEnd(10)} ${String(a[k]).padStart(8)} ${String(b[k]).padStart(10)} ${String(d).padStart(6)}`);
  }
  console.log(`${f.padEnd(25)} ccusage USD ${a.usd} (offline prices; models it does not know cost $0 there, clawtrace reports them unpriced)`);
  if (differs) {
    if (EXPLAIN[f]) console.log(`  -> ${EXPLAIN[f]}`);
    else {
      console.log('  -> UNEXPLAINED difference');
      unexplained++;
    }
  }
}
process.exit(unexplained ? 1 : 0);
