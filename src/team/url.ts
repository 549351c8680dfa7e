/**
 * Where the team store is: `clickhouse://user:pass@host:8123/db` (plain HTTP), `clickhouses://…` (HTTPS, port 8443
 * by default) or an `http(s)://` URL of ClickHouse's HTTP interface, from the command line or CLAWTRACE_CLICKHOUSE_URL.
 * The password is kept in memory only: every printable form of the target leaves it out.
 */
export interface TeamTarget {
  /** the HTTP(S) endpoint the client talks to, without credentials */
  url: string;
  username: string;
  password: string;
  database: string;
  /** for messages: `clickhouse://user@host:port/db`, never the password */
  display: string;
  /** what the local push bookkeeping is keyed on: endpoint and database, no user, no password */
  key: string;
}

export class TeamUrlError extends Error {}

export const CLICKHOUSE_URL_ENV = 'CLAWTRACE_CLICKHOUSE_URL';
const DEFAULT_DATABASE = 'clawtrace';

/** The target named on the command line, else by CLAWTRACE_CLICKHOUSE_URL; a usage problem when neither is set. */
export function resolveTarget(given: string | undefined, env: NodeJS.ProcessEnv, flag: string): TeamTarget {
  const raw = given ?? env[CLICKHOUSE_URL_ENV];
  if (!raw) throw new TeamUrlError(`${flag} needs a clickhouse://user:pass@host:8123/db URL (or set ${CLICKHOUSE_URL_ENV})`);
  return parseTarget(raw);
}

/** Is this a team-store URL at all (for `--from`, which also takes other things)? */
export function isTeamUrl(s: string): boolean {
  return /^(clickhouses?|https?):\/\//i.test(s);
}

export function parseTarget(raw: string): TeamTarget {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    // the text may hold a password: the message repeats none of it
    throw new TeamUrlError('not a URL: expected clickhouse://user:pass@host:8123/db');
  }
  const scheme = u.protocol.replace(/:$/, '').toLowerCase();
  const secure = scheme === 'clickhouses' || scheme === 'https' || u.searchParams.get('secure') === '1' || u.searchParams.get('secure') === 'true';
  if (!['clickhouse', 'clickhouses', 'http', 'https'].includes(scheme)) {
    throw new TeamUrlError(`unsupported scheme '${scheme}': use clickhouse://, clickhouses://, http:// or https://`);
  }
  if (!u.hostname) throw new TeamUrlError('the ClickHouse URL names no host');
  const port = u.port || (secure ? '8443' : '8123');
  const host = u.hostname.includes(':') && !u.hostname.startsWith('[') ? `[${u.hostname}]` : u.hostname;
  const database = decodeURIComponent(u.pathname.replace(/^\/+/, '').split('/')[0] ?? '') || u.searchParams.get('database') || DEFAULT_DATABASE;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) throw new TeamUrlError(`database name '${database}' must be letters, digits and _`);
  const username = decodeURIComponent(u.username) || 'default';
  const endpoint = `${secure ? 'https' : 'http'}://${host}:${port}`;
  return {
    url: endpoint,
    username,
    password: decodeURIComponent(u.password),
    database,
    display: `${secure ? 'clickhouses' : 'clickhouse'}://${encodeURIComponent(username)}@${host}:${port}/${database}`,
    key: `${endpoint}/${database}`,
  };
}
