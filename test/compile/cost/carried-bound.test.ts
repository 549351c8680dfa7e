import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { compileSession } from '../../../src/compile/compile-session.js';
import { makePriceTable } from '../../../src/compile/pricing/price-table.js';
import { runImport } from '../../../src/import/run-import.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { listSessions } from '../../../src/store/sessions-repo.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { importSession } from '../../helpers/session-fixture.js';

/** Every session the project keeps as a fixture: recorded sessions and every imported log folder. */
async function fixtureDbs(): Promise<{ name: string; db: Db }[]> {
  const out: { name: string; db: Db }[] = [];
  const sessions = path.join(REPO_ROOT, 'fixtures', 'sessions');
  for (const f of fs.readdirSync(sessions).filter((x) => x.endsWith('.json'))) {
    const db = openDb(':memory:');
    importSession(db, path.join(sessions, f));
    out.push({ name: f, db });
  }
  const imports = path.join(REPO_ROOT, 'fixtures', 'import');
  for (const d of fs.readdirSync(imports)) {
    const db = openDb(':memory:');
    await runImport(db, { paths: [path.join(imports, d)], env: {}, homedir: '/nonexistent-home' });
    out.push({ name: d, db });
  }
  return out;
}

test("over every fixture session: carried cost never exceeds what the session's calls paid, and no flag claims more than that", async () => {
  const table = makePriceTable([]);
  let sessions = 0;
  for (const { name, db } of await fixtureDbs()) {
    for (const s of listSessions(db)) {
      const { card } = compileSession(db, s.id, table);
      const paid = card.totals.cost.total_usd ?? 0;
      assert.ok(card.totals.cost.carried_usd <= paid + 1e-6, `${name}: carried ${card.totals.cost.carried_usd} > paid ${paid}`);
      const claimed = card.flags.reduce((n, f) => n + (f.wasted_usd ?? 0), 0);
      assert.ok(claimed <= paid + 1e-6, `${name}: flags claim ${claimed} of ${paid}`);
      sessions++;
    }
  }
  assert.ok(sessions >= 10, `${sessions} fixture sessions checked`);
});
