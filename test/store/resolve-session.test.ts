import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { blankSession } from '../../src/domain/session.js';
import { openDb, type Db } from '../../src/store/db.js';
import { insertSession, resolveSession } from '../../src/store/sessions-repo.js';

function storeWith(rows: { id: string; label: string | null; startedAt: number }[]): Db {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawtrace-resolve-'));
  const db = openDb(path.join(dir, 'clawtrace.db'));
  for (const r of rows) insertSession(db, blankSession({ ...r, source: 'record' }));
  return db;
}

const db = storeWith([
  { id: 'aa11bb22cc33', label: 'fix-add', startedAt: 1000 },
  { id: 'aa11ff00ee99', label: 'fix-add', startedAt: 3000 },
  { id: 'b0b0b0b0b0b0', label: 'fix-add-rushed', startedAt: 2000 },
]);

test('a session selector: last, full id, unique prefix, label (newest wins)', () => {
  assert.equal(resolveSession(db, 'last').id, 'aa11ff00ee99');
  assert.equal(resolveSession(db, 'aa11bb22cc33').id, 'aa11bb22cc33');
  assert.equal(resolveSession(db, ' b0 ').id, 'b0b0b0b0b0b0');
  assert.equal(resolveSession(db, 'fix-add').id, 'aa11ff00ee99');
  assert.equal(resolveSession(db, 'fix-add-rushed').id, 'b0b0b0b0b0b0');
});

test('an ambiguous prefix, an empty selector and a near-miss label each get a one-line reason', () => {
  assert.throws(() => resolveSession(db, 'aa11'), /prefix 'aa11' is ambiguous/);
  assert.throws(() => resolveSession(db, '  '), /empty session selector/);
  assert.throws(() => resolveSession(db, 'fix'), /labels starting with it: fix-add, fix-add-rushed\)$/);
  assert.throws(() => resolveSession(db, 'nothing'), /no session matches 'nothing' \(try 'clawtrace sessions'\)/);
  assert.throws(() => resolveSession(storeWith([]), 'last'), /no sessions recorded yet/);
});
