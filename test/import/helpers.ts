import path from 'node:path';
import { compileSession, type CompiledSession } from '../../src/compile/compile-session.js';
import { makePriceTable } from '../../src/compile/pricing/price-table.js';
import type { PriceTable } from '../../src/compile/pricing/rates.js';
import { runImport, type ImportSummary } from '../../src/import/run-import.js';
import { listCalls, type StoredCall } from '../../src/store/calls-repo.js';
import { openDb, type Db } from '../../src/store/db.js';
import { REPO_ROOT } from '../helpers/cli.js';

export const FIX = path.join(REPO_ROOT, 'fixtures', 'import');
export const M = 1_000_000;

/** Per-million rates written here, so costs are checked against numbers computed by hand in each test. */
export const RATES = {
  sonnet: { input: 3, output: 15, cacheRead: 0.3, cacheWrite5m: 3.75, cacheWrite1h: 6 },
  haiku: { input: 1, output: 5, cacheRead: 0.1, cacheWrite5m: 1.25, cacheWrite1h: 2 },
  gpt5mini: { input: 0.25, output: 2, cacheRead: 0.025, cacheWrite5m: 0.25, cacheWrite1h: 0.25 },
  gpt5: { input: 1.25, output: 10, cacheRead: 0.125, cacheWrite5m: 1.25, cacheWrite1h: 1.25 },
  gemini: { input: 1.25, output: 10, cacheRead: 0.31, cacheWrite5m: 1.25, cacheWrite1h: 1.25 },
};

export const TEST_PRICES: PriceTable = makePriceTable(
  (
    [
      ['claude-sonnet-*', RATES.sonnet],
      ['claude-haiku-*', RATES.haiku],
      ['gpt-5*-mini', RATES.gpt5mini],
      ['gpt-5*', RATES.gpt5],
      ['gemini-*', RATES.gemini],
    ] as const
  ).map(([match, rates]) => ({ match, provider: null, rates: { ...rates }, tiers: [], origin: 'test' })),
);

export async function importInto(db: Db, ...subs: string[]): Promise<ImportSummary> {
  return runImport(db, { paths: subs.map((s) => path.join(FIX, s)), env: {}, homedir: '/nonexistent-home' });
}

export async function importFresh(...subs: string[]): Promise<{ db: Db; summary: ImportSummary }> {
  const db = openDb(':memory:');
  return { db, summary: await importInto(db, ...subs) };
}

/** The stored session id of an imported session, by its natural key (`<format>:<native id>`). */
export function sessionIdOf(db: Db, key: string): string {
  const row = db.prepare(`SELECT id FROM sessions WHERE natural_key = ?`).get(key) as { id: string } | undefined;
  if (!row) throw new Error(`no imported session ${key}`);
  return row.id;
}

export function callsOf(db: Db, key: string): StoredCall[] {
  return listCalls(db, sessionIdOf(db, key));
}

export function compiled(db: Db, key: string): CompiledSession {
  return compileSession(db, sessionIdOf(db, key), TEST_PRICES);
}

/** Cards round USD to 6 decimals: equal within that rounding. */
export function near(actual: number | null, expected: number): boolean {
  if (actual === null) return false;
  return Math.abs(actual - expected) <= 5e-7 + 1e-12;
}
