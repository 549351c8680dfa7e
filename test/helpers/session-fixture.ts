import fs from 'node:fs';
import type { Exchange } from '../../src/domain/exchange.js';
import type { Session } from '../../src/domain/session.js';
import type { Db } from '../../src/store/db.js';
import { insertExchange, listExchanges } from '../../src/store/exchanges-repo.js';
import { getSession, insertSession } from '../../src/store/sessions-repo.js';
import { reparseSession } from '../../src/compile/reparse.js';

/** A recorded session as a reviewable JSON file: the session row and its raw (redacted) exchanges as text. */
interface SessionFixture {
  session: Session;
  exchanges: (Omit<Exchange, 'id' | 'requestBody' | 'responseBody'> & { requestBody: string; responseBody: string })[];
}

export function exportSession(db: Db, id: string, file: string): void {
  const session = getSession(db, id);
  if (!session) throw new Error(`no session ${id}`);
  const exchanges = listExchanges(db, id).map(({ id: _id, requestBody, responseBody, ...x }) => ({
    ...x,
    requestBody: requestBody.toString('utf8'),
    responseBody: responseBody.toString('utf8'),
  }));
  fs.writeFileSync(file, `${JSON.stringify({ session, exchanges }, null, 1)}\n`);
}

/** Loads a fixture into a database and parses its exchanges with the current parsers, as `recompile` would. */
export function importSession(db: Db, file: string): string {
  const f = JSON.parse(fs.readFileSync(file, 'utf8')) as SessionFixture;
  insertSession(db, f.session);
  for (const x of f.exchanges) {
    const req = Buffer.from(x.requestBody, 'utf8');
    const res = Buffer.from(x.responseBody, 'utf8');
    insertExchange(db, { ...x, requestBody: req, responseBody: res }, { request: req, response: res, encoding: 'identity' });
  }
  reparseSession(db, f.session.id);
  return f.session.id;
}
