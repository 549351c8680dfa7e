import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import type { TeamTarget } from './url.js';

/** A team-store failure worth one line (unreachable server, refused login, a rejected query): never a stack trace. */
export class TeamStoreError extends Error {}

/**
 * The team store: one ClickHouse database reached through the official client. Queries are plain SQL text with
 * literals quoted by `sqlString` (ClickHouse 18.16 has no query parameters); results come back as JSONEachRow.
 */
export class TeamStore {
  readonly database: string;
  private readonly client: ClickHouseClient;

  constructor(readonly target: TeamTarget) {
    this.database = target.database;
    this.client = createClient({
      url: target.url,
      username: target.username,
      password: target.password,
      request_timeout: 120_000,
      // the client's own logger would print failed queries to the console; our errors are one line each
      log: { level: ClickHouseLogLevel.OFF },
    });
  }

  /** `db.table`, for SQL text. */
  table(name: string): string {
    return `${this.database}.${name}`;
  }

  async command(sql: string): Promise<void> {
    await this.wrap(() => this.client.command({ query: sql }));
  }

  async rows<T>(sql: string): Promise<T[]> {
    return this.wrap(async () => {
      const rs = await this.client.query({ query: sql, format: 'JSONEachRow' });
      return rs.json<T>();
    });
  }

  async insert(tableName: string, values: readonly object[]): Promise<void> {
    if (values.length === 0) return;
    await this.wrap(() => this.client.insert({ table: this.table(tableName), values: values as object[], format: 'JSONEachRow' }));
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async wrap<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (err) {
      throw new TeamStoreError(`${this.target.display}: ${this.scrub(err instanceof Error ? err.message : String(err))}`);
    }
  }

  /** A server message on one line, with the password cut out should a proxy ever echo it back. */
  private scrub(message: string): string {
    const line = (message.split('\n')[0] ?? '').replace(/, e\.what\(\) = DB::Exception$/, '').trim();
    return this.target.password ? line.split(this.target.password).join('***') : line;
  }
}

/** A ClickHouse string literal. */
export function sqlString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Opens the team store and checks it answers (one line when it does not). */
export async function openTeamStore(target: TeamTarget): Promise<TeamStore> {
  const store = new TeamStore(target);
  try {
    await store.rows<{ v: string }>('SELECT version() AS v');
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
