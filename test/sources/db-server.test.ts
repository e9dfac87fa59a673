/**
 * MySQL/MariaDB and PostgreSQL servers as sources, against the REAL servers of this machine
 * (test/helpers/db-servers.ts). Each run creates uniquely named databases and users filled with
 * synthetic people (test/helpers/synth.ts: generated, checksum-valid, nobody's) and drops them
 * in afterAll. The same suite runs on both servers through a small dialect object.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DocumentItem } from '../../src/model/document.js';
import { readServer } from '../../src/sources/database/server.js';
import { parseDbUrl } from '../../src/sources/database/url.js';
import { openMysql } from '../../src/sources/database/mysql.js';
import { openPostgres } from '../../src/sources/database/postgres.js';
import { makeCnId, makeMobile, makePerson, makeRng, type Person } from '../helpers/synth.js';
import {
  collect,
  errors,
  MUST_HAVE_SERVERS,
  MYSQL_ADMIN,
  mysqlGate,
  PG_ADMIN,
  postgresGate,
  rowLabels,
  tableRows,
  textParts,
  uniqueName,
  type ServerGate,
} from '../helpers/db-servers.js';

const gates = { mysql: await mysqlGate(), postgres: await postgresGate() };

// ---------------------------------------------------------------------------------------------
// Synthetic data, the same for both servers

const rng = makeRng(5_2025);
const PEOPLE: Array<Person & { n: number }> = Array.from({ length: 40 }, (_, i) => ({ ...makePerson(rng), n: i + 1 }));
/** IDs whose check character is a digit, so they fit a BIGINT column as legacy schemas store them. */
const LEGACY: Array<{ n: number; id: string; mobile: string }> = [];
while (LEGACY.length < 20) {
  const id = makeCnId(rng);
  if (/^\d{18}$/.test(id)) LEGACY.push({ n: LEGACY.length + 1, id, mobile: makeMobile(rng) });
}
const MANY_ROWS = 12_000;
const VISIT_ROWS = 70;

type Row = Array<string | number | null | Buffer>;

interface Dialect {
  kind: 'mysql' | 'postgres';
  label: string;
  db: string;
  user: string;
  userPassword: string;
  /** Run admin SQL against the test database. */
  exec(sql: string, params?: unknown[]): Promise<unknown[][]>;
  /** Run admin SQL outside the test database (CREATE/DROP DATABASE, users). */
  server(sql: string, params?: unknown[]): Promise<unknown[][]>;
  insert(table: string, columns: string[], rows: Row[]): Promise<void>;
  /** The location name of a test table. */
  table(name: string): string;
  url(opts?: { user?: string; password?: string; database?: string | null; port?: number }): string;
  /** Ends the product's connection(s) to the test database from outside (a server that drops). */
  killReaders(): Promise<void>;
  setup(): Promise<void>;
  teardown(): Promise<void>;
}

const SCHEMA_SQL = {
  mysql: (db: string) => [
    `CREATE TABLE people (id BIGINT PRIMARY KEY, name VARCHAR(20), id_no CHAR(18), mobile BIGINT, card VARCHAR(19), note TEXT, photo LONGBLOB, born DATE, balance DECIMAL(20,2), nickname VARCHAR(20))`,
    `CREATE TABLE legacy_ids (n INT PRIMARY KEY, id_num BIGINT NOT NULL, phone BIGINT)`,
    `CREATE TABLE visits (person_id INT, visit_no INT, place VARCHAR(40), PRIMARY KEY (person_id, visit_no))`,
    `CREATE TABLE log_nopk (line TEXT)`,
    `CREATE TABLE secret (id INT PRIMARY KEY, id_no CHAR(18))`,
    `CREATE TABLE blobs (id INT PRIMARY KEY, v VARBINARY(64))`,
    `CREATE TABLE many (id INT PRIMARY KEY, code VARCHAR(20))`,
    `CREATE DATABASE ${db}_crm`,
    `CREATE TABLE ${db}_crm.contacts (id INT PRIMARY KEY, tel VARCHAR(20))`,
    'CREATE TABLE `客户 表` (`编号` VARCHAR(8) PRIMARY KEY, `身份证号` VARCHAR(18), `a``b` TEXT)',
  ],
  postgres: () => [
    `CREATE TABLE people (id bigint PRIMARY KEY, name varchar(20), id_no char(18), mobile bigint, card varchar(19), note text, photo point, born date, balance numeric(20,2), nickname varchar(20))`,
    `CREATE TABLE legacy_ids (n int PRIMARY KEY, id_num bigint NOT NULL, phone bigint)`,
    `CREATE TABLE visits (person_id int, visit_no int, place varchar(40), PRIMARY KEY (person_id, visit_no))`,
    `CREATE TABLE log_nopk (line text)`,
    `CREATE TABLE secret (id int PRIMARY KEY, id_no char(18))`,
    `CREATE TABLE blobs (id int PRIMARY KEY, v bytea)`,
    `CREATE TABLE many (id int PRIMARY KEY, code varchar(20))`,
    `CREATE SCHEMA crm`,
    `CREATE TABLE crm.contacts (id int PRIMARY KEY, tel varchar(20))`,
    'CREATE TABLE "客户 表" ("编号" varchar(8) PRIMARY KEY, "身份证号" varchar(18), "a""b" text)',
  ],
};

async function fill(d: Dialect): Promise<void> {
  for (const sql of SCHEMA_SQL[d.kind](d.db)) await d.exec(sql);
  await d.insert(
    'people',
    ['id', 'name', 'id_no', 'mobile', 'card', 'note', 'born', 'balance', 'nickname'],
    PEOPLE.map((p) => [p.n, p.name, p.id, p.mobile, p.card, p.n === 3 ? `住址\t北京\r\n第二行` : `客户 ${p.n}`, `${p.birth.slice(0, 4)}-${p.birth.slice(4, 6)}-${p.birth.slice(6)}`, '12345678901234567.89', p.n % 4 === 0 ? null : `小${p.n}`]),
  );
  await d.insert('legacy_ids', ['n', 'id_num', 'phone'], LEGACY.map((l) => [l.n, l.id, l.mobile]));
  await d.insert('visits', ['person_id', 'visit_no', 'place'], Array.from({ length: VISIT_ROWS }, (_, i) => [Math.floor(i / 7) + 1, (i % 7) + 1, `门店${i}`]));
  await d.insert('log_nopk', ['line'], [['first line'], [null], [`mobile ${PEOPLE[0].mobile}`]]);
  await d.insert('secret', ['id', 'id_no'], [[1, PEOPLE[1].id]]);
  await d.insert('blobs', ['id', 'v'], [
    [1, Buffer.from(`身份证 ${PEOPLE[2].id}`, 'utf8')],
    [2, Buffer.from([0x41, 0x00, 0x42])],
    [3, Buffer.from([0xff, 0xfe, 0x41])],
    [4, null],
  ]);
  for (let start = 1; start <= MANY_ROWS; start += 2000) {
    await d.insert('many', ['id', 'code'], Array.from({ length: Math.min(2000, MANY_ROWS - start + 1) }, (_, i) => [start + i, `code-${start + i}`]));
  }
  await d.insert(d.kind === 'mysql' ? `${d.db}_crm.contacts` : 'crm.contacts', ['id', 'tel'], [[1, PEOPLE[5].mobile]]);
  const q = d.kind === 'mysql' ? '`' : '"';
  await d.insert(`${q}客户 表${q}`, [`${q}编号${q}`, `${q}身份证号${q}`, `${q}a${q}${q}b${q}`], [['K-01', PEOPLE[6].id, 'x']]);
}

// ---------------------------------------------------------------------------------------------
// Dialects

function mysqlDialect(): Dialect {
  const db = uniqueName();
  const user = uniqueName('piaudit_u');
  const userPassword = `pw-${uniqueName('s')}`;
  let admin: import('mysql2/promise').Connection | undefined;
  const conn = async () => {
    if (!admin) {
      const mysql = await import('mysql2/promise');
      admin = await mysql.createConnection({ ...MYSQL_ADMIN, supportBigNumbers: true, bigNumberStrings: true });
    }
    return admin;
  };
  const q = async (sql: string, params?: unknown[]) => {
    const [rows] = await (await conn()).query({ sql, values: params, rowsAsArray: true });
    return Array.isArray(rows) ? (rows as unknown[][]) : [];
  };
  const d: Dialect = {
    kind: 'mysql',
    label: 'MariaDB',
    db,
    user,
    userPassword,
    server: q,
    exec: async (sql, params) => {
      await q(`USE ${db}`);
      return q(sql, params);
    },
    insert: async (table, columns, rows) => {
      const name = table.includes('.') || table.startsWith('`') ? table : `${db}.${table}`;
      await q(`INSERT INTO ${name} (${columns.join(', ')}) VALUES ?`, [rows]);
    },
    table: (name) => `${db}.${name}`,
    url: (o = {}) => `mysql://${o.user ?? 'root'}${o.password ? `:${encodeURIComponent(o.password)}` : ''}@127.0.0.1:${o.port ?? MYSQL_ADMIN.port}${o.database === null ? '' : `/${o.database ?? db}`}`,
    killReaders: async () => {
      const ids = await q(`SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()`, [db]);
      for (const [id] of ids) await q(`KILL CONNECTION ${Number(id)}`);
    },
    setup: async () => {
      await q(`CREATE DATABASE ${db} CHARACTER SET utf8mb4`);
      await fill(d);
      await q(`CREATE USER '${user}'@'%' IDENTIFIED BY '${userPassword}'`);
      await q(`GRANT SELECT ON ${db}.people TO '${user}'@'%'`);
      // A harmless privilege that makes the table visible to the user without SELECT on it.
      await q(`GRANT REFERENCES ON ${db}.secret TO '${user}'@'%'`);
    },
    teardown: async () => {
      if (!admin) return;
      await q(`DROP USER IF EXISTS '${user}'@'%'`).catch(() => undefined);
      await q(`DROP DATABASE IF EXISTS ${db}_crm`).catch(() => undefined);
      await q(`DROP DATABASE IF EXISTS ${db}`).catch(() => undefined);
      await admin.end();
    },
  };
  return d;
}

function postgresDialect(): Dialect {
  const db = uniqueName();
  const user = uniqueName('piaudit_u');
  const userPassword = `pw-${uniqueName('s')}`;
  type PgClient = import('pg').Client;
  const clients: Record<string, PgClient> = {};
  const client = async (database: string) => {
    if (!clients[database]) {
      const pg = (await import('pg')).default;
      const c = new pg.Client({ ...PG_ADMIN, database });
      c.on('error', () => undefined);
      await c.connect();
      clients[database] = c;
    }
    return clients[database];
  };
  const run = async (database: string, sql: string, params?: unknown[]) => (await (await client(database)).query({ text: sql, values: params, rowMode: 'array' })).rows as unknown[][];
  const d: Dialect = {
    kind: 'postgres',
    label: 'PostgreSQL',
    db,
    user,
    userPassword,
    server: (sql, params) => run('postgres', sql, params),
    exec: (sql, params) => run(db, sql, params),
    insert: async (table, columns, rows) => {
      const values: unknown[] = [];
      const tuples = rows.map((r) => `(${r.map((v) => (values.push(v), `$${values.length}`)).join(', ')})`);
      await run(db, `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
    },
    table: (name) => (name.includes('.') ? name : `public.${name}`),
    url: (o = {}) => `postgres://${o.user ?? 'postgres'}${o.password ? `:${encodeURIComponent(o.password)}` : ''}@127.0.0.1:${o.port ?? PG_ADMIN.port}${o.database === null ? '' : `/${o.database ?? db}`}`,
    killReaders: async () => {
      await run('postgres', `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'piaudit'`, [db]);
    },
    setup: async () => {
      await run('postgres', `CREATE DATABASE ${db}`);
      await fill(d);
      await run('postgres', `CREATE ROLE ${user} LOGIN PASSWORD '${userPassword}'`);
      // Every table of public but secret; no USAGE on schema crm at all.
      await run(db, `GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${user}`);
      await run(db, `REVOKE SELECT ON secret FROM ${user}`);
    },
    teardown: async () => {
      if (!clients.postgres) return;
      await clients[db]?.end().catch(() => undefined);
      delete clients[db];
      await run('postgres', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
      await run('postgres', `DROP ROLE IF EXISTS ${user}`).catch(() => undefined);
      await clients.postgres.end();
    },
  };
  return d;
}

// ---------------------------------------------------------------------------------------------
// The suite

function unreachable(name: string, gate: ServerGate): void {
  if (MUST_HAVE_SERVERS) {
    test(`${name} is reachable (CI=true: a missing server fails, never skips)`, () => {
      throw new Error(gate.message);
    });
  } else {
    console.warn(`skipping the ${name} server tests: ${gate.message}`);
    test.skip(`${name}: ${gate.message}`, () => undefined);
  }
}

async function read(url: string, opts: Parameters<typeof readServer>[1] = {}): Promise<DocumentItem[]> {
  return collect(readServer(parseDbUrl(url, {}), opts));
}

function serverSuite(d: Dialect): void {
  beforeAll(async () => {
    await d.setup();
  });
  afterAll(async () => {
    await d.teardown();
  });

  let all: DocumentItem[] = [];
  beforeAll(async () => {
    all = await read(d.url(), { full: true });
  });

  test('rows and locations: header, exact BIGINT/DECIMAL digits, NULL, tabs and line breaks, primary-key rows', () => {
    expect(errors(all)).toEqual([]);
    const parts = textParts(all, d.table('people'));
    expect(parts).toHaveLength(1);
    const part = parts[0];
    expect(part.origin).toBe('database');
    expect(part.record).toBe('lines');
    expect(part.at).toEqual({ path: d.url(), table: d.table('people') });
    expect(part.table).toEqual({ name: d.table('people'), columns: ['id', 'name', 'id_no', 'mobile', 'card', 'note', 'born', 'balance', 'nickname'], rows: 40 });
    const lines = part.text.split('\n');
    expect(lines[0]).toBe('id\tname\tid_no\tmobile\tcard\tnote\tborn\tbalance\tnickname');
    const rows = tableRows(parts);
    expect(rows).toHaveLength(40);
    for (const [i, p] of PEOPLE.entries()) {
      const r = rows[i];
      expect(r).toHaveLength(9);
      expect(r.slice(0, 5)).toEqual([String(p.n), p.name, p.id, p.mobile, p.card]);
      expect(r[6]).toBe(`${p.birth.slice(0, 4)}-${p.birth.slice(4, 6)}-${p.birth.slice(6)}`);
      expect(r[7]).toBe('12345678901234567.89');
      expect(r[8]).toBe(p.n % 4 === 0 ? '' : `小${p.n}`);
    }
    // Each tab or line-break character becomes one space (offsets inside the cell hold, as for SQLite files and dumps).
    expect(rows[2][5]).toBe('住址 北京  第二行');
    // refine: the cell under the column, the row's primary key (an integer key as a number).
    const line = lines[4]; // person 4
    const col = line.indexOf(PEOPLE[3].mobile) + 1;
    expect(part.refine?.(5, col)).toEqual({ field: 'mobile', row: 4 });
    expect(part.refine?.(5, 1)).toEqual({ field: 'id', row: 4 });
    expect(part.refine?.(1, 1)).toEqual({ field: 'id' });
    // The spatial column is not read, and says so.
    const skip = all.find((it) => it.type === 'skip' && it.at?.table === d.table('people'));
    expect(skip).toMatchObject({ type: 'skip', reason: expect.stringContaining('photo') });
  });

  test('names needing quotes (Chinese, spaces, quote characters) are read and located', () => {
    const parts = textParts(all, d.table('客户 表'));
    expect(parts.map((p) => p.table?.columns)).toEqual([['编号', '身份证号', d.kind === 'mysql' ? 'a`b' : 'a"b']]);
    expect(tableRows(parts)).toEqual([['K-01', PEOPLE[6].id, 'x']]);
    // A text key is not known to be opaque: the row is named by its number in the read.
    expect(parts[0].refine?.(2, 6)).toEqual({ field: '身份证号', row: '#1' });
  });

  test('IDs and phones stored as BIGINT keep all 18 / 11 digits', () => {
    const rows = tableRows(textParts(all, d.table('legacy_ids')));
    expect(rows).toEqual(LEGACY.map((l) => [String(l.n), l.id, l.mobile]));
  });

  test('composite keys label rows a=1,b=2; tables without a key by row number', () => {
    const visits = textParts(all, d.table('visits'));
    expect(rowLabels(visits).slice(0, 3)).toEqual(['person_id=1,visit_no=1', 'person_id=1,visit_no=2', 'person_id=1,visit_no=3']);
    const nopk = textParts(all, d.table('log_nopk'));
    expect(tableRows(nopk)).toEqual([['first line'], [''], [`mobile ${PEOPLE[0].mobile}`]]);
    expect(rowLabels(nopk)).toEqual([1, 2, 3]);
    expect(nopk[0].refine?.(4, 10)).toEqual({ field: 'line', row: 3 });
  });

  test('binary values count as text only when valid UTF-8 without NUL', () => {
    const rows = tableRows(textParts(all, d.table('blobs')));
    expect(rows).toEqual([['1', `身份证 ${PEOPLE[2].id}`], ['2', ''], ['3', ''], ['4', '']]);
  });

  test('full reads every row, in parts of at most 5,000 rows that repeat the header', () => {
    const parts = textParts(all, d.table('many'));
    expect(parts.map((p) => p.table?.rows)).toEqual([5000, 5000, 2000]);
    expect(parts.map((p) => p.headerRepeated === true)).toEqual([false, true, true]);
    for (const p of parts) expect(p.text.split('\n')[0]).toBe('id\tcode');
    const labels = rowLabels(parts);
    expect(new Set(labels).size).toBe(MANY_ROWS);
    // refine on a later part still finds its own rows
    const last = parts[2];
    const l = last.text.split('\n')[1].split('\t')[0];
    expect(last.refine?.(2, 1)).toEqual({ field: 'id', row: Number(l) });
  });

  test('schemas other than the one named are read too, with schema.table names', () => {
    if (d.kind === 'postgres') {
      expect(tableRows(textParts(all, 'crm.contacts'))).toEqual([['1', PEOPLE[5].mobile]]);
    } else {
      // MySQL: a database is a schema; the URL names one, so the other is read when asked for.
      expect(textParts(all, `${d.db}_crm.contacts`)).toEqual([]);
    }
  });

  test('sampling is deterministic: first and last rows by primary key, the same twice', async () => {
    const a = await read(d.url(), { sample: 100 });
    const b = await read(d.url(), { sample: 100 });
    const many = (items: DocumentItem[]) => textParts(items, d.table('many'));
    expect(tableRows(many(a))).toEqual(tableRows(many(b)));
    const labels = rowLabels(many(a));
    const expected = [...Array.from({ length: 50 }, (_, i) => i + 1), ...Array.from({ length: 50 }, (_, i) => MANY_ROWS - i)];
    expect(labels).toEqual(expected);
    // A table smaller than the sample: every row once (head and tail overlap).
    const visits = rowLabels(textParts(a, d.table('visits')));
    expect(visits).toHaveLength(VISIT_ROWS);
    expect(new Set(visits).size).toBe(VISIT_ROWS);
    // Without a key: the first N in physical order.
    const nopk = await read(d.url(), { sample: 2 });
    expect(rowLabels(textParts(nopk, d.table('log_nopk')))).toEqual([1, 2]);
    // The default (no sample, no full) is a sample too.
    const dflt = await read(d.url());
    expect(tableRows(textParts(dflt, d.table('many')))).toHaveLength(1000);
  });

  test('schemas limits what is read; an unknown one is an error item', async () => {
    if (d.kind === 'postgres') {
      const items = await read(d.url(), { full: true, schemas: ['crm', 'nope'] });
      expect([...new Set(textParts(items).map((p) => p.at.table))]).toEqual(['crm.contacts']);
      expect(errors(items).map((e) => e.message)).toEqual([expect.stringContaining('schema nope not found')]);
    } else {
      const items = await read(d.url({ database: null }), { full: true, schemas: [`${d.db}_crm`, 'nope_db'] });
      expect([...new Set(textParts(items).map((p) => p.at.table))]).toEqual([`${d.db}_crm.contacts`]);
      expect(textParts(items)[0].at.path).toBe(d.url({ database: null }));
      expect(errors(items).map((e) => e.message)).toEqual([expect.stringContaining('database nope_db not found')]);
    }
  });

  test('a URL without a database reads every database the user may connect to', async () => {
    // Other databases of the server are listed too (and may come and go with other test runs):
    // only this run's are looked at. `database.schema` limits the schemas of one database.
    const items = await read(d.url({ database: null }), { full: true, schemas: d.kind === 'postgres' ? [`${d.db}.crm`] : [`${d.db}_crm`] });
    const parts = textParts(items);
    expect([...new Set(parts.map((p) => `${p.at.path} ${p.at.table}`))]).toEqual(
      d.kind === 'postgres' ? [`${d.url()} crm.contacts`] : [`${d.url({ database: null })} ${d.db}_crm.contacts`],
    );
  });

  test('read-only: the server confirms the session and each transaction are read-only', async () => {
    const target = parseDbUrl(d.url(), {});
    const session = d.kind === 'mysql' ? await openMysql(target) : await openPostgres(target, d.db);
    try {
      expect(await session.readOnly()).toBe(true); // the session default, outside our transactions
      await session.begin();
      expect(await session.readOnly()).toBe(true);
      await session.end();
    } finally {
      await session.close();
    }
    if (d.kind === 'mysql') {
      // Seen from outside while a table is being read: InnoDB lists the transaction as read-only.
      const gen = readServer(target, { full: true });
      let seen: unknown[][] = [];
      for await (const it of gen) {
        if (it.type !== 'text') continue;
        seen = await d.server(
          `SELECT t.trx_is_read_only FROM information_schema.INNODB_TRX t JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id WHERE p.DB = ?`,
          [d.db],
        );
        break;
      }
      expect(seen).toEqual([[1]]);
    }
  });

  test('wrong password: an error item with the URL redacted, never the password', async () => {
    const password = 'Wr0ng-S3cret!';
    // PostgreSQL here trusts every local connection, so a role that does not exist stands in
    // for a refused login; MariaDB checks the password of the test user.
    const url = d.url({ user: d.kind === 'mysql' ? d.user : `${d.user}_missing`, password });
    const items = await read(url);
    expect(items).toHaveLength(1);
    const [e] = errors(items);
    expect(e.message).toMatch(d.kind === 'mysql' ? /Access denied/ : /does not exist/);
    expect(e.message).toContain(':***@127.0.0.1');
    expect(JSON.stringify(items)).not.toContain(password);
    expect(JSON.stringify(items)).not.toContain(encodeURIComponent(password));
    expect(e.at?.path).not.toContain(password);
  });

  test('unreachable port and a server that never answers: error items, within the connect timeout', async () => {
    const refused = await read(d.url({ port: 1 }));
    expect(errors(refused)).toEqual([expect.objectContaining({ message: expect.stringContaining('connection refused') })]);
    // A listener that accepts and stays silent: only the ~5 s connect timeout ends the wait.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const started = Date.now();
    try {
      const items = await read(d.url({ port, password: 'S3cret-pw' }));
      expect(errors(items)).toHaveLength(1);
      expect(errors(items)[0].message).toMatch(/^cannot connect to .*:\*\*\*@127\.0\.0\.1:\d+\/piaudit_t_\w+: /);
      expect(JSON.stringify(items)).not.toContain('S3cret-pw');
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      silent.close();
      // Sockets the drivers left half-open are dropped with the server.
      await new Promise((r) => setTimeout(r, 10));
    }
  }, 30_000);

  test('unknown database: an error item naming it', async () => {
    const items = await read(d.url({ database: `${d.db}_none` }));
    expect(errors(items)).toEqual([expect.objectContaining({ message: expect.stringMatching(/Unknown database|does not exist/) })]);
  });

  test('a table the user cannot SELECT: an error item for it, the other tables read', async () => {
    const items = await read(d.url({ user: d.user, password: d.userPassword }), { full: true });
    const path = d.url({ user: d.user, password: '***' });
    const errs = errors(items);
    expect(errs.find((e) => e.at?.table === d.table('secret'))).toEqual({
      type: 'error',
      message: expect.stringMatching(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: table ${d.table('secret')} not read: .*denied`, 'i')),
      at: { path, table: d.table('secret') },
    });
    if (d.kind === 'postgres') {
      // A schema without USAGE: one error for it, its tables not tried.
      expect(errs).toHaveLength(2);
      expect(errs[1]).toEqual({ type: 'error', message: expect.stringMatching(/schema crm not read: permission denied \(no USAGE/), at: { path } });
    } else {
      expect(errs).toHaveLength(1);
    }
    for (const e of errs) {
      expect(e.message).not.toContain(d.userPassword);
      expect(e.message).not.toContain(PEOPLE[1].id);
    }
    expect(tableRows(textParts(items, d.table('people')))).toHaveLength(40);
  });

  test('a server that drops the connection: error items for what is left, no throw', async () => {
    const items: DocumentItem[] = [];
    let killed = false;
    for await (const it of readServer(parseDbUrl(d.url(), {}), { full: true })) {
      items.push(it);
      if (!killed && it.type === 'text' && it.part.at.table === d.table('blobs')) {
        killed = true;
        await d.killReaders();
      }
    }
    expect(killed).toBe(true);
    const errs = errors(items);
    expect(errs.length).toBeGreaterThanOrEqual(1);
    expect(errs.at(-1)?.message).toMatch(/connection lost; tables not read: .*people/);
    for (const e of errs) expect(e.at?.path).toBe(d.url());
    expect(textParts(items, d.table('people'))).toEqual([]);
  });

  test('an aborted read stops with the abort reason and leaves no connection behind', async () => {
    const ac = new AbortController();
    const gen = readServer(parseDbUrl(d.url(), {}), { full: true, signal: ac.signal });
    let n = 0;
    await expect(
      (async () => {
        for await (const it of gen) {
          if (it.type === 'text' && it.part.at.table === d.table('many')) {
            ac.abort();
            n++;
          }
        }
      })(),
    ).rejects.toThrow(/abort/i);
    expect(n).toBe(1);
  });
}

for (const [kind, make] of [
  ['mysql', mysqlDialect],
  ['postgres', postgresDialect],
] as const) {
  const gate = gates[kind];
  const name = kind === 'mysql' ? `MariaDB at 127.0.0.1:${MYSQL_ADMIN.port}` : `PostgreSQL at 127.0.0.1:${PG_ADMIN.port}`;
  if (!gate.up) {
    describe(name, () => unreachable(name, gate));
    continue;
  }
  describe(`${name} as a source`, () => serverSuite(make()));
}
