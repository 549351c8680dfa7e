import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { compileSession } from '../../compile/compile-session.js';
import { loadPriceTable } from '../../compile/pricing/price-table.js';
import { renderCardYaml } from '../../compile/card/render.js';
import { recordDemoSessions } from '../../demo/run-demo.js';
import { renderRulesMarkdown } from '../../distill/render-rules.js';
import { planPatch } from '../../distill/run-distill.js';
import { sessionList } from '../../report/session-list.js';
import { listCalls } from '../../store/calls-repo.js';
import { renderSessionsTable } from '../../report/sessions-table.js';
import { outputWidth } from '../../report/table.js';
import { localTimeZone } from '../../report/time-zone.js';
import { summaryVersions } from '../../report/usage/versions.js';
import { renderShowTree } from '../../report/show-tree.js';
import { totalsLine } from '../../report/totals-line.js';

const SCRIPTED_NOTE =
  'clawtrace demo — the model here is SCRIPTED (a local stand-in, no API key, no network): it shows the workflow, it measures nothing.';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('the whole pipeline on a bundled agent and a scripted model: record, sessions, card, rules, patch')
    .option('--db <path>', 'keep the demo database here (default: a temporary folder)')
    .action(async (flags: { db?: string }) => {
      const out = (s: string): void => {
        process.stdout.write(s);
      };
      out(`${SCRIPTED_NOTE}\n\n== 1. record: a small agent (OpenAI Chat Completions, streamed, over fetch) fixes a bug three times ==\n`);
      const run = await recordDemoSessions({ ...(flags.db ? { dbPath: path.resolve(flags.db) } : {}), log: (l) => out(`   ${l}\n`) });
      const table = loadPriceTable({ projectDir: null });
      const listed = (await sessionList(run.db, { versions: summaryVersions(undefined, null), table: () => table })).rows;
      out(`\n== 2. clawtrace sessions ==\n${renderSessionsTable(listed, { width: outputWidth(), tz: localTimeZone(), aliases: new Map() })}`);
      const first = run.sessionIds[0];
      if (!first) return;
      const compiled = compileSession(run.db, first, table);
      const shown = { ...compiled, calls: listCalls(run.db, first), flags: compiled.card.flags, totalsLine: totalsLine(compiled.card), tz: localTimeZone(), width: outputWidth() };
      out(`\n== 3. clawtrace show ${first} ==\n${renderShowTree(shown)}`);
      out(`\n== 4. clawtrace card ${first} (scripted model: prices are real rates, usage is simulated) ==\n${renderCardYaml(compiled.card)}`);
      const cards = run.sessionIds.map((id) => compileSession(run.db, id, table).card);
      const scratch = path.join(run.dir, 'scratch-repo');
      fs.mkdirSync(path.join(scratch, '.git'), { recursive: true });
      fs.writeFileSync(path.join(scratch, 'AGENTS.md'), '# Agent instructions\n\nUse the project scripts to build and test.\n');
      const plan = planPatch(cards, { prune: true, repair: true, preserve: false, minSupport: 2 }, scratch, undefined);
      out(`\n== 5. clawtrace distill: rules with evidence ==\n${renderRulesMarkdown(plan.result.rules)}`);
      out(`\n== 6. the patch it would apply to a scratch AGENTS.md (clawtrace distill --apply writes it) ==\n${plan.patches.map((p) => p.diff).join("")}`);
      out(`\n${SCRIPTED_NOTE}\nDatabase: ${run.dbPath}\nNext: clawtrace record -- <your agent command>\n`);
      run.db.close();
    });
}
