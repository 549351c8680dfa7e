import assert from 'node:assert/strict';
import path from 'node:path';
import { compileSession, type CompiledSession } from '../../src/compile/compile-session.js';
import { makePriceTable } from '../../src/compile/pricing/price-table.js';
import { openDb } from '../../src/store/db.js';
import { listSessions } from '../../src/store/sessions-repo.js';
import { clawtrace, tempDir } from '../helpers/cli.js';

/** Imports the logs an agent wrote itself (`clawtrace import DIR`) into a fresh database; the one session, compiled. */
export async function importOwnLogs(dir: string): Promise<CompiledSession> {
  const db = path.join(tempDir('ct-own-logs-'), 'ct.db');
  const r = await clawtrace(['import', '--db', db, dir]);
  assert.equal(r.code, 0, r.stderr);
  const store = openDb(db);
  try {
    const sessions = listSessions(store);
    assert.equal(sessions.length, 1, `one session imported from ${dir}: ${r.stderr}`);
    return compileSession(store, sessions[0]?.id ?? '', makePriceTable([]));
  } finally {
    store.close();
  }
}

/** The agent's own log and the recording agree: same calls, tool uses, sub-agents, tokens and cost. */
export function assertSameRun(imported: CompiledSession, recorded: CompiledSession): void {
  const shape = (c: CompiledSession) => ({
    llm_calls: c.card.totals.llm_calls - c.card.totals.auxiliary_calls,
    tool_uses: c.card.totals.tool_uses,
    agents: c.structure.agents.map((a) => [a.kind, a.parentAgentId, a.spawnedByStepId !== null]),
    tools: c.structure.steps.flatMap((s) => (s.kind === 'tool' ? [[s.name, s.resultIn !== null]] : [])),
  });
  assert.deepEqual(shape(imported), shape(recorded));
  const mainLoop = (c: CompiledSession) =>
    c.structure.steps.reduce(
      (t, s) => (s.kind === 'llm' && !s.auxiliary && s.usage ? { out: t.out + s.usage.output, read: t.read + s.usage.cacheRead } : t),
      { out: 0, read: 0 },
    );
  assert.deepEqual(mainLoop(imported), mainLoop(recorded), 'output and cache-read tokens of the agent loop');
  // unrounded: the card's totals are rounded to 6 decimals each, so their difference can be off by one in the last
  const cost = (c: CompiledSession) =>
    c.structure.steps.reduce((n, s) => (s.kind === 'llm' && !s.auxiliary ? n + (c.costs.find((x) => x.stepId === s.id)?.direct ?? 0) : n), 0);
  assert.ok(Math.abs(cost(imported) - cost(recorded)) < 1e-9, `imported $${cost(imported)} vs recorded $${cost(recorded)}`);
}
