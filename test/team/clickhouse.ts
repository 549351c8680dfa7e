import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { TeamStore } from '../../src/team/client.js';
import { parseTarget } from '../../src/team/url.js';
import { REPO_ROOT } from '../helpers/cli.js';

/**
 * The real ClickHouse server the team-store tests run against: CLAWTRACE_TEST_CLICKHOUSE_URL, else the repo's own
 * (scripts/clickhouse/server.sh, loopback 18123, started here when it is down and a server binary is installed).
 * In CI a missing server fails the test; locally it is skipped with a message.
 */
const DEFAULT_URL = 'clickhouse://clawtrace:ct-test-secret@127.0.0.1:18123/';
export const TEST_URL = process.env['CLAWTRACE_TEST_CLICKHOUSE_URL'] ?? DEFAULT_URL;

function hasServerBinary(): boolean {
  const candidates = ['/usr/sbin/clickhouse-server', '/usr/bin/clickhouse-server', '/usr/bin/clickhouse', '/usr/local/bin/clickhouse'];
  return candidates.some((c) => fs.existsSync(c));
}

/** Whether a ClickHouse server answers at the URL. */
export async function reachable(url: string): Promise<boolean> {
  const store = new TeamStore(parseTarget(url));
  try {
    await store.rows('SELECT 1 AS one');
    return true;
  } catch {
    return false;
  } finally {
    await store.close();
  }
}

function startServer(): Promise<string> {
  return new Promise((resolve) => {
    execFile('bash', [path.join(REPO_ROOT, 'scripts', 'clickhouse', 'server.sh'), 'start'], { timeout: 90_000 }, (err, stdout, stderr) => {
      resolve(err ? `${String(stdout)}${String(stderr)}` : '');
    });
  });
}

let counter = 0;

/**
 * A URL to a fresh database on the test server (dropped when the test ends), or null when the test was skipped.
 * The database name carries the process id so test files running side by side never share one.
 */
export async function freshTeamDb(t: TestContext): Promise<string | null> {
  if (!(await reachable(TEST_URL))) {
    const why = hasServerBinary() ? await startServer() : 'no clickhouse-server binary (apt-get install clickhouse-server)';
    if (!(await reachable(TEST_URL))) {
      const message = `ClickHouse not reachable at ${parseTarget(TEST_URL).display}: ${why.trim() || 'server did not start'}`;
      if (process.env['CI']) throw new Error(message);
      t.skip(message);
      return null;
    }
  }
  const db = `ct_test_${process.pid}_${++counter}`;
  const base = new URL(TEST_URL);
  base.pathname = `/${db}`;
  const url = base.toString();
  t.after(async () => {
    const store = new TeamStore(parseTarget(url));
    await store.command(`DROP DATABASE IF EXISTS ${db}`);
    await store.close();
  });
  return url;
}
