// Regenerates the golden-file fixtures: records the demo agent's sessions against the scripted model, exports them
// as reviewable JSON (fixtures/sessions/) and writes their cards (fixtures/golden/). Review the diff before committing.
// Run: npx tsx scripts/make-golden.ts           (re-records the sessions, then writes their cards)
//      npx tsx scripts/make-golden.ts --cards-only   (keeps the recorded sessions; rewrites the cards after a compile change)
import path from 'node:path';
import fs from 'node:fs';
import { recordDemoSessions } from '../dist/src/demo/run-demo.js';
import { exportSession, importSession } from '../test/helpers/session-fixture.js';
import { openDb } from '../src/store/db.js';
import { compileSession } from '../src/compile/compile-session.js';
import { makePriceTable } from '../src/compile/pricing/price-table.js';
import { renderCardYaml } from '../src/compile/card/render.js';

const names = ['demo-fix-ok', 'demo-fix-ok-2', 'demo-fix-rushed'];
if (!process.argv.includes('--cards-only')) {
  // the demo agent is compiled: build first (npm run build)
  const run = await recordDemoSessions({ log: (l) => process.stderr.write(`${l}\n`) });
  for (const [i, id] of run.sessionIds.entries()) exportSession(run.db, id, path.join('fixtures', 'sessions', `${names[i] ?? `demo-${i}`}.json`));
}
for (const name of names) {
  const file = path.join('fixtures', 'sessions', `${name}.json`);
  const db = openDb(':memory:');
  const sid = importSession(db, file);
  fs.writeFileSync(path.join('fixtures', 'golden', `${name}.card.yaml`), renderCardYaml(compileSession(db, sid, makePriceTable([])).card));
}
