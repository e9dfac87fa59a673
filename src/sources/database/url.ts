/**
 * Database server URLs (`--db mysql://user:pass@host:port/db`, `postgres://…`): parsing into a
 * connection target, and redaction. The password never leaves this module in a printable form:
 * every output, error message and location uses `redactDbUrl` / `DbTarget.display`, which are
 * rebuilt from the parsed parts (never copied from the raw string, so an oddly written password
 * cannot slip through), with the password and secret-looking query parameters replaced by `***`.
 */
import os from 'node:os';

export type DbKind = 'mysql' | 'postgres';

/** What readServer connects to. `password` is the only secret; print `display`, never the rest whole. */
export interface DbTarget {
  kind: DbKind;
  /** The scheme as written (mysql, mariadb, postgres, postgresql), for display. */
  scheme: string;
  host: string;
  port: number;
  user: string;
  password?: string;
  /** The database the URL names; absent: every database the user can read. */
  database?: string;
  /** A Unix socket path (`?socket=` for MySQL, `?host=/run/postgresql` for PostgreSQL). */
  socketPath?: string;
  /** TLS: `ssl=true`/`sslmode=require` (encrypt, no certificate check) or verify-ca/verify-full (checked). */
  ssl?: 'require' | 'verify';
  /** The redacted URL: the one name of this server in outputs. */
  display: string;
}

/** A URL that cannot be used; its message holds only the redacted URL. */
export class DbUrlError extends Error {
  override name = 'DbUrlError';
}

const SCHEMES: Record<string, DbKind> = { mysql: 'mysql', mariadb: 'mysql', postgres: 'postgres', postgresql: 'postgres' };
const DEFAULT_PORT: Record<DbKind, number> = { mysql: 3306, postgres: 5432 };
/** Query parameters whose value is (or may be) a secret; their values are never printed. */
const SECRET_PARAM = /pass|pwd|secret|token|key|auth|cred/i;
const MASK = '***';

/** Whether `s` looks like a database server URL this module handles (for the CLI's --db check). */
export function isDbUrl(s: string): boolean {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(s);
  return !!m && m[1].toLowerCase() in SCHEMES;
}

/**
 * Whether a URL carries a password (`user:secret@host`, or a `password=` / `pwd=` parameter): the
 * config file refuses those, since it is usually committed. A URL that does not parse counts as
 * holding one when anything sits between `:` and `@` in its authority (the safe side).
 */
export function urlHasPassword(url: string): boolean {
  try {
    const u = parseUrl(url);
    return u.password !== '' || [...u.searchParams.keys()].some((k) => /pass|pwd/i.test(k));
  } catch {
    return /^[a-z][a-z0-9+.-]*:\/\/[^@]*:[^@]*@/i.test(url.trim());
  }
}

/**
 * Parses a server URL. The password comes from the URL, else from the environment:
 * PIAUDIT_DB_PASSWORD, then MYSQL_PWD (MySQL/MariaDB) or PGPASSWORD (PostgreSQL), as their own
 * clients read them. The user defaults as those clients do: PGUSER or the login name.
 * @throws DbUrlError for an unknown scheme or a malformed URL (message redacted).
 */
export function parseDbUrl(url: string, env: NodeJS.ProcessEnv = process.env): DbTarget {
  const u = parseUrl(url);
  const scheme = u.protocol.replace(/:$/, '').toLowerCase();
  const kind = SCHEMES[scheme];
  if (!kind) throw new DbUrlError(`not a mysql://, mariadb:// or postgres:// URL: ${redactDbUrl(url)}`);
  const params = u.searchParams;
  const host = decode(u.hostname.replace(/^\[|\]$/g, '')) || 'localhost';
  const port = u.port ? Number(u.port) : DEFAULT_PORT[kind];
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new DbUrlError(`bad port in ${redactDbUrl(url)}`);
  const path = decode(u.pathname.replace(/^\//, ''));
  if (path.includes('/')) throw new DbUrlError(`the path names more than one database: ${redactDbUrl(url)}`);
  const database = path || params.get('database') || params.get('dbname') || undefined;
  const user = decode(u.username) || params.get('user') || (kind === 'postgres' ? env.PGUSER : undefined) || loginName(env);
  const password =
    (u.password ? decode(u.password) : undefined) ??
    params.get('password') ??
    nonEmpty(env.PIAUDIT_DB_PASSWORD) ??
    nonEmpty(kind === 'mysql' ? env.MYSQL_PWD : env.PGPASSWORD);
  const socketPath = (kind === 'mysql' ? params.get('socket') : params.get('host')?.startsWith('/') ? params.get('host') : null) ?? undefined;
  return { kind, scheme, host, port, user, password, database, socketPath, ssl: sslMode(params), display: redactDbUrl(url) };
}

/**
 * The URL with its password and secret query parameters replaced by `***`, rebuilt from its parts.
 * A URL that does not parse shows only its scheme, so nothing of it can leak.
 */
export function redactDbUrl(url: string): string {
  let u: URL;
  try {
    u = parseUrl(url);
  } catch {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1] ?? 'db';
    return `${scheme.toLowerCase()}://${MASK}`;
  }
  const scheme = u.protocol.replace(/:$/, '').toLowerCase();
  const cred = u.username ? `${u.username}${u.password ? `:${MASK}` : ''}@` : u.password ? `:${MASK}@` : '';
  const query: string[] = [];
  for (const [k, v] of u.searchParams) query.push(`${encodeURIComponent(k)}=${SECRET_PARAM.test(k) ? MASK : encodeURIComponent(v)}`);
  return `${scheme}://${cred}${u.host}${u.pathname === '/' ? '' : u.pathname}${query.length ? `?${query.join('&')}` : ''}`;
}

/** The display URL of one database of a target whose URL named none (PostgreSQL reads database by database). */
export function displayForDatabase(target: DbTarget, database: string): string {
  if (target.database === database) return target.display;
  const q = target.display.indexOf('?');
  const base = q === -1 ? target.display : target.display.slice(0, q);
  return `${base.replace(/\/$/, '')}/${encodeURIComponent(database)}${q === -1 ? '' : target.display.slice(q)}`;
}

/**
 * Asks for a password on the terminal without echoing it (for `--db` URLs without one when stdin
 * is a TTY). Resolves '' when the input is not a terminal, so callers never hang in CI.
 * Ctrl-C rejects; the typed characters are never written anywhere.
 */
export function promptPassword(
  label: string,
  io: { input?: NodeJS.ReadStream; output?: NodeJS.WriteStream } = {},
): Promise<string> {
  const input = io.input ?? process.stdin;
  const output = io.output ?? process.stderr;
  if (!input.isTTY || typeof input.setRawMode !== 'function') return Promise.resolve('');
  return new Promise((resolve, reject) => {
    let typed = '';
    const wasRaw = input.isRaw;
    const done = (err?: Error): void => {
      input.removeListener('data', onData);
      input.setRawMode(wasRaw);
      input.pause();
      output.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new Error('password prompt cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    output.write(`Password for ${label}: `);
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}

function parseUrl(url: string): URL {
  let u: URL | undefined;
  try {
    // `postgres://user@/db?host=/run/postgresql` (socket, no host) is valid for libpq, not for URL.
    u = new URL(url.trim().replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#]*@)(?=[/?#]|$)/i, '$1localhost'));
  } catch {
    u = undefined;
  }
  // A password holding an unencoded '/', '?' or '#' ends the authority early, and what followed
  // (part of the password) would read as path, query or fragment: an '@' there means exactly
  // that, so such a URL is refused rather than shown.
  if (!u || (!u.username && !u.password && /@/.test(u.pathname + u.search + u.hash))) {
    // The raw URL may hold a password: name only its scheme.
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1] ?? 'db';
    throw new DbUrlError(`malformed database URL (percent-encode @ / ? # in the password): ${scheme.toLowerCase()}://${MASK}`);
  }
  return u;
}

function sslMode(params: URLSearchParams): DbTarget['ssl'] {
  const mode = (params.get('sslmode') ?? params.get('ssl-mode') ?? params.get('ssl') ?? '').toLowerCase();
  if (mode === 'verify-ca' || mode === 'verify-full' || mode === 'verify_identity' || mode === 'verify_ca') return 'verify';
  if (mode === 'require' || mode === 'required' || mode === 'true' || mode === '1') return 'require';
  return undefined;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function nonEmpty(s: string | undefined): string | undefined {
  return s ? s : undefined;
}

function loginName(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.USER ?? env.LOGNAME;
  if (fromEnv) return fromEnv;
  try {
    return os.userInfo().username;
  } catch {
    return 'root';
  }
}
