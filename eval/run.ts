import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileSession } from '../src/compile/compile-session.js';
import { makePriceTable } from '../src/compile/pricing/price-table.js';
import type { Flag } from '../src/compile/card/schema.js';
import { runImport } from '../src/import/run-import.js';
import { openDb, type Db } from '../src/store/db.js';
import { listSessions } from '../src/store/sessions-repo.js';
import type { Step } from '../src/domain/model.js';
import { labelKey, readLabels, sha256File, writeLabels, type Label } from './labels.js';

/**
 * `npm run eval -- <folder of logs> [--labels DIR] [--unlabelled] [--init]`: imports the folder into a scratch
 * database, compiles every session's card, and compares every flag with the hand labels kept in eval/labels/. Prints,
 * per detector: fired, true, false, unlabelled, precision, labelled misses and recall, and the dollars on true flags
 * against all the dollars flags claim. --unlabelled lists the flags no label covers, with the steps they cite, for a
 * person to judge (this tool never writes a verdict); --init creates an empty label file for each new log.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const folder = args.find((a) => !a.startsWith('--'));
const labelsDir = args.includes('--labels') ? (args[args.indexOf('--labels') + 1] ?? '') : path.resolve(here, '..', '..', 'eval', 'labels');
if (!folder || !fs.existsSync(folder)) {
  process.stderr.write('usage: npm run eval -- <folder of agent logs> [--labels DIR] [--unlabelled]\n');
  process.exit(2);
}

interface Tally {
  fired: number;
  yes: number;
  no: number;
  unlabelled: number;
  misses: number;
  usdTrue: number;
  usdAll: number;
}

const tally = new Map<string, Tally>();
const t = (kind: string): Tally => {
  let x = tally.get(kind);
  if (!x) tally.set(kind, (x = { fired: 0, yes: 0, no: 0, unlabelled: 0, misses: 0, usdTrue: 0, usdAll: 0 }));
  return x;
};

/** Stable ids of a session's steps: tool call ids, and the log's own ids of LLM responses. */
function stableIds(db: Db, sessionId: string, steps: readonly Step[]): Map<string, string> {
  const keys = new Map<number, string>();
  for (const r of db.prepare(`SELECT id, natural_key, seq FROM llm_calls WHERE session_id = ?`).all(sessionId) as { id: number; natural_key: string | null; seq: number }[]) {
    keys.set(r.id, r.natural_key ? `call:${r.natural_key.slice(r.natural_key.indexOf('|') + 1)}` : `seq:${r.seq}`);
  }
  return new Map(steps.map((s) => [s.id, s.kind === 'tool' ? `tool:${s.toolCallId}` : (keys.get(s.callId) ?? `seq:${s.seq}`)]));
}

const db = openDb(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'clawtrace-eval-')), 'eval.db'));
await runImport(db, { paths: [folder], env: {}, homedir: '/nonexistent-home' });
const table = makePriceTable([]);
let spend = 0;
const unlabelled: string[] = [];
for (const s of listSessions(db)) {
  if (!s.sourcePath) continue;
  const c = compileSession(db, s.id, table);
  spend += c.card.totals.cost.total_usd ?? 0;
  const sha = sha256File(s.sourcePath);
  const file = readLabels(labelsDir, sha);
  const ids = stableIds(db, s.id, c.structure.steps);
  const byKey = new Map<string, Label>((file?.labels ?? []).map((l) => [labelKey(l.kind, l.steps), l]));
  const fired = new Set<string>();
  const rel = path.relative(folder, s.sourcePath);
  for (const f of c.card.flags) {
    const steps = f.steps.map((id) => ids.get(id) ?? id);
    const key = labelKey(f.kind, steps);
    fired.add(key);
    const x = t(f.kind);
    const usd = f.wasted_usd ?? 0;
    x.fired++;
    x.usdAll += usd;
    const label = byKey.get(key);
    if (label?.verdict === true) {
      x.yes++;
      x.usdTrue += usd;
    } else if (label?.verdict === false) x.no++;
    else {
      x.unlabelled++;
      unlabelled.push(describe(rel, sha, f, steps, c.structure.steps));
    }
  }
  for (const l of file?.labels ?? []) if (l.verdict === 'miss' && !fired.has(labelKey(l.kind, l.steps))) t(l.kind).misses++;
  if (args.includes('--init') && !file) writeLabels(labelsDir, { log: rel, sha256: sha, labels: [] });
}

function describe(rel: string, sha: string, f: Flag, steps: string[], all: readonly Step[]): string {
  const cited = f.steps.map((id) => {
    const s = all.find((x) => x.id === id);
    if (!s) return `    ${id}`;
    return s.kind === 'tool' ? `    ${id} ${s.name} ${s.args.slice(0, 140).replace(/\s+/g, ' ')} → ${(s.resultPreview ?? '').slice(0, 100).replace(/\s+/g, ' ')}` : `    ${id} llm ${s.model} in=${s.usage ? s.usage.inputUncached + s.usage.cacheRead + s.usage.cacheWrite5m + s.usage.cacheWrite1h : 0} read=${s.usage?.cacheRead ?? 0}`;
  });
  return [`${rel} (${sha.slice(0, 16)}) ${f.kind} $${(f.wasted_usd ?? 0).toFixed(4)} [${steps.join(', ')}]`, `  ${f.cause}`, `  ${f.evidence}`, ...cited].join('\n');
}

const pct = (a: number, b: number): string => (b === 0 ? '-' : (a / b).toFixed(2));
const rows = [...tally.entries()].sort((a, b) => a[0].localeCompare(b[0]));
process.stdout.write(`detector             fired  true false unlab  precision  misses recall   $true     $claimed\n`);
let all: Tally = { fired: 0, yes: 0, no: 0, unlabelled: 0, misses: 0, usdTrue: 0, usdAll: 0 };
for (const [kind, x] of rows) {
  process.stdout.write(`${kind.padEnd(20)} ${String(x.fired).padStart(5)} ${String(x.yes).padStart(5)} ${String(x.no).padStart(5)} ${String(x.unlabelled).padStart(5)}  ${pct(x.yes, x.yes + x.no).padStart(9)}  ${String(x.misses).padStart(6)} ${pct(x.yes, x.yes + x.misses).padStart(6)}  ${x.usdTrue.toFixed(2).padStart(7)}  ${x.usdAll.toFixed(2).padStart(10)}\n`);
  all = { fired: all.fired + x.fired, yes: all.yes + x.yes, no: all.no + x.no, unlabelled: all.unlabelled + x.unlabelled, misses: all.misses + x.misses, usdTrue: all.usdTrue + x.usdTrue, usdAll: all.usdAll + x.usdAll };
}
process.stdout.write(`${'all'.padEnd(20)} ${String(all.fired).padStart(5)} ${String(all.yes).padStart(5)} ${String(all.no).padStart(5)} ${String(all.unlabelled).padStart(5)}  ${pct(all.yes, all.yes + all.no).padStart(9)}  ${String(all.misses).padStart(6)} ${pct(all.yes, all.yes + all.misses).padStart(6)}  ${all.usdTrue.toFixed(2).padStart(7)}  ${all.usdAll.toFixed(2).padStart(10)}\n`);
process.stdout.write(`sessions' spend $${spend.toFixed(2)}; dollars on true flags ${pct(all.usdTrue, all.usdAll)} of the dollars flags claim\n`);
if (args.includes('--unlabelled') && unlabelled.length) process.stdout.write(`\nunlabelled flags:\n${unlabelled.join('\n')}\n`);
db.close();
