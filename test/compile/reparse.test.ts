import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Exchange } from '../../src/domain/exchange.js';
import type { Session } from '../../src/domain/session.js';
import { PARSER_VERSION } from '../../src/capture/wire/index.js';
import { reparseSession, sessionNeedsReparse } from '../../src/compile/reparse.js';
import { openDb } from '../../src/store/db.js';
import { insertExchange } from '../../src/store/exchanges-repo.js';
import { insertSession } from '../../src/store/sessions-repo.js';
import { REPO_ROOT } from '../helpers/cli.js';

type RawExchange = Omit<Exchange, 'id' | 'requestBody' | 'responseBody'> & { requestBody: string; responseBody: string };

test('a recompile writes in batches (a recorder waits one batch, never a whole session) and brings every call up to date', () => {
  const f = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'fixtures', 'sessions', 'demo-fix-ok.json'), 'utf8')) as { session: Session; exchanges: RawExchange[] };
  const db = openDb(':memory:');
  insertSession(db, f.session);
  let seq = 0;
  for (let round = 0; round < 25; round++) {
    for (const x of f.exchanges) {
      const req = Buffer.from(x.requestBody, 'utf8');
      const res = Buffer.from(x.responseBody, 'utf8');
      insertExchange(db, { ...x, seq: ++seq, requestBody: req, responseBody: res }, { request: req, response: res, encoding: 'identity' });
    }
  }
  let transactions = 0;
  const plain = db.transaction.bind(db);
  db.transaction = ((fn: (...a: never[]) => unknown) => {
    const t = plain(fn);
    return Object.assign((...a: never[]) => {
      transactions++;
      return t(...a);
    }, t);
  }) as typeof db.transaction;
  const written = reparseSession(db, f.session.id);
  assert.equal(written, seq, 'every exchange of the fixture is a model call');
  assert.equal(transactions, Math.ceil(seq / 100), `${seq} calls in batches of 100`);
  const old = db.prepare('SELECT COUNT(*) AS n FROM llm_calls WHERE parser_version < ?').get(PARSER_VERSION) as { n: number };
  assert.equal(old.n, 0);
  assert.equal(sessionNeedsReparse(db, f.session.id), false);
  assert.equal(reparseSession(db, f.session.id), seq, 'a second run rewrites the same calls, no more');
  assert.equal((db.prepare('SELECT COUNT(*) AS n FROM llm_calls').get() as { n: number }).n, seq);
});
