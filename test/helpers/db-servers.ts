/**
 * The real database servers of this machine, for the server-source tests: MariaDB at
 * 127.0.0.1:3306 (root, empty password) and PostgreSQL at 127.0.0.1:5432 (trust). Tests create
 * their own uniquely named databases and users and drop them afterwards. A server that does not
 * answer makes its tests skip with a message saying how to start it, except under CI=true, where
 * a test fails instead (CI must not go green by skipping: scripts/ci-services.sh starts them).
 */
import { randomBytes } from 'node:crypto';
import type { DocumentItem, TextPart } from '../../src/model/document.js';

// The ports can be moved (PIAUDIT_TEST_MYSQL_PORT, PIAUDIT_TEST_PG_PORT), which also shows the
// skip (and, under CI=true, the failure) of a server that is not there.
export const MYSQL_ADMIN = { host: '127.0.0.1', port: Number(process.env.PIAUDIT_TEST_MYSQL_PORT || 3306), user: 'root', password: '' };
export const PG_ADMIN = { host: '127.0.0.1', port: Number(process.env.PIAUDIT_TEST_PG_PORT || 5432), user: 'postgres', database: 'postgres' };

export interface ServerGate {
  up: boolean;
  /** Why the tests skip (or fail under CI). */
  message: string;
}

const START_HINT = {
  mysql: 'start it with `start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd` or `bash scripts/ci-services.sh`',
  postgres: 'start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` or `bash scripts/ci-services.sh`',
};

/** Whether MariaDB answers as root at 127.0.0.1:3306. */
export async function mysqlGate(): Promise<ServerGate> {
  const mysql = await import('mysql2/promise');
  try {
    const c = await mysql.createConnection({ ...MYSQL_ADMIN, connectTimeout: 3000 });
    await c.query('SELECT 1');
    await c.end();
    return { up: true, message: 'MariaDB up' };
  } catch (err) {
    return { up: false, message: `MariaDB at 127.0.0.1:${MYSQL_ADMIN.port} not reachable as root (${(err as Error).message}); ${START_HINT.mysql}` };
  }
}

/** Whether PostgreSQL answers as postgres at 127.0.0.1:5432. */
export async function postgresGate(): Promise<ServerGate> {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ ...PG_ADMIN, connectionTimeoutMillis: 3000 });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.query('SELECT 1');
    await c.end();
    return { up: true, message: 'PostgreSQL up' };
  } catch (err) {
    await c.end().catch(() => undefined);
    return { up: false, message: `PostgreSQL at 127.0.0.1:${PG_ADMIN.port} not reachable as postgres (${(err as Error).message}); ${START_HINT.postgres}` };
  }
}

/** Under CI a missing server is a failure, not a skip. */
export const MUST_HAVE_SERVERS = process.env.CI === 'true';

/** A fresh lowercase identifier for this run's databases and users. */
export function uniqueName(prefix = 'piaudit_t'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** Every item of a source. */
export async function collect(items: AsyncIterable<DocumentItem>): Promise<DocumentItem[]> {
  const out: DocumentItem[] = [];
  for await (const it of items) out.push(it);
  return out;
}

export function textParts(items: readonly DocumentItem[], table?: string): TextPart[] {
  return items.flatMap((it) => (it.type === 'text' && (!table || it.part.at.table === table) ? [it.part] : []));
}

export function errors(items: readonly DocumentItem[]): Array<Extract<DocumentItem, { type: 'error' }>> {
  return items.filter((it): it is Extract<DocumentItem, { type: 'error' }> => it.type === 'error');
}

/** The data rows of a table's parts as cell arrays (headers, including repeated ones, left out). */
export function tableRows(parts: readonly TextPart[]): string[][] {
  return parts.flatMap((p) => p.text.split('\n').slice(1).map((l) => l.split('\t')));
}

/** Each data row's location label (refine at the row's first column). */
export function rowLabels(parts: readonly TextPart[]): Array<string | number | undefined> {
  return parts.flatMap((p) => p.text.split('\n').slice(1).map((_, i) => p.refine?.(i + 2, 1)?.row));
}

/** One table to create in a scratch database: its columns per server dialect, and its rows. */
export interface ScratchTable {
  name: string;
  mysql: string;
  postgres: string;
  rows: ReadonlyArray<readonly unknown[]>;
}

/**
 * A uniquely named database on the local server with the given tables and rows, for end-to-end
 * tests of `--db`; `url` reaches it as root/postgres without a password, `drop()` removes it.
 */
export async function createScratchDatabase(kind: 'mysql' | 'postgres', prefix: string, tables: readonly ScratchTable[]): Promise<{ db: string; url: string; drop: () => Promise<void> }> {
  const db = uniqueName(prefix);
  if (kind === 'mysql') {
    const mysql = await import('mysql2/promise');
    const admin = await mysql.createConnection({ ...MYSQL_ADMIN, multipleStatements: true });
    await admin.query(`CREATE DATABASE ${db} CHARACTER SET utf8mb4`);
    for (const t of tables) {
      await admin.query(`CREATE TABLE ${db}.${t.name} (${t.mysql})`);
      if (t.rows.length) await admin.query(`INSERT INTO ${db}.${t.name} VALUES ?`, [t.rows.map((r) => [...r])]);
    }
    return {
      db,
      url: `mysql://root@127.0.0.1:${MYSQL_ADMIN.port}/${db}`,
      drop: async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${db}`);
        await admin.end();
      },
    };
  }
  const pg = (await import('pg')).default;
  const admin = new pg.Client(PG_ADMIN);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${db}`);
  const c = new pg.Client({ ...PG_ADMIN, database: db });
  await c.connect();
  for (const t of tables) {
    await c.query(`CREATE TABLE ${t.name} (${t.postgres})`);
    for (const r of t.rows) await c.query(`INSERT INTO ${t.name} VALUES (${r.map((_, i) => `$${i + 1}`).join(', ')})`, [...r]);
  }
  await c.end();
  return {
    db,
    url: `postgres://postgres@127.0.0.1:${PG_ADMIN.port}/${db}`,
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await admin.end();
    },
  };
}
