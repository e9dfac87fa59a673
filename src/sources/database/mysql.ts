import type { DocumentItem } from '../../model/document.js';
import type { DbTarget } from './url.js';
import { isConnectionError, safeReason } from './server-errors.js';
import { readTables } from './server-read.js';
import type { DbColumn, DbSession, DbTable, SelectPlan, ServerReadOptions } from './server-types.js';
import type { Connection as CoreConnection } from 'mysql2';
import type { Connection as PromiseConnection } from 'mysql2/promise';

/**
 * MySQL / MariaDB servers through mysql2 (loaded on first use: a scan without --db never pays
 * for it). One connection reads every database the URL allows, each table in its own
 * `START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY` (the session is READ ONLY as well, so
 * even a statement outside it could not write). Rows come through the text protocol as a
 * stream with backpressure, so memory holds one part whatever the table size.
 */

/** Schemas of the server itself, never user data. */
const SYSTEM_SCHEMAS = ['information_schema', 'mysql', 'performance_schema', 'sys'];
const CONNECT_TIMEOUT_MS = 5000;
/** Wait at most this long for a table's metadata lock (an ALTER in progress) instead of the default year. */
const LOCK_WAIT_S = 30;

/**
 * DATA_TYPEs that hold text or numbers. BINARY/VARBINARY/TINYBLOB/BLOB (at most 64 KiB a value) are
 * read too: legacy schemas keep text in them, and a value counts only when it is valid UTF-8
 * without NUL. MEDIUMBLOB/LONGBLOB (files, images up to 4 GiB), BIT, spatial types and the like are
 * left out and named in a skip note.
 */
const TEXT_TYPES = new Set(['char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext', 'enum', 'set', 'json']);
const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'year']);
const NUMBER_TYPES = new Set(['decimal', 'numeric', 'float', 'double', 'real', 'double precision']);
const TIME_TYPES = new Set(['date', 'datetime', 'timestamp', 'time']);
const BYTE_TYPES = new Set(['binary', 'varbinary', 'tinyblob', 'blob']);

export async function* readMysql(target: DbTarget, opts: ServerReadOptions): AsyncGenerator<DocumentItem> {
  const secrets = [target.password];
  let session: MysqlSession;
  try {
    session = await openMysql(target);
  } catch (err) {
    yield { type: 'error', message: `cannot connect to ${target.display}: ${safeReason(err, secrets)}`, at: { path: target.display } };
    return;
  }
  try {
    const { tables, notes } = await listTables(session.conn, target, opts.schemas);
    yield* notes;
    yield* readTables(session, tables, opts, secrets);
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    yield { type: 'error', message: `${target.display}: ${safeReason(err, secrets)}`, at: { path: target.display } };
  } finally {
    await session.close();
  }
}

/** A read-only session on the server (exported for the tests, which check it from inside). */
export async function openMysql(target: DbTarget): Promise<MysqlSession> {
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({
    host: target.host,
    port: target.port,
    socketPath: target.socketPath,
    user: target.user,
    password: target.password ?? '',
    database: target.database,
    ssl: target.ssl ? { rejectUnauthorized: target.ssl === 'verify' } : undefined,
    connectTimeout: CONNECT_TIMEOUT_MS,
    charset: 'UTF8MB4_UNICODE_CI',
    // Values exactly as stored: BIGINT/DECIMAL keep every digit (an ID in a BIGINT has 18),
    // dates and JSON stay text rather than becoming Date objects / parsed objects.
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    jsonStrings: true,
    rowsAsArray: true,
    // A server must not be able to ask this client for a local file (LOAD DATA LOCAL).
    flags: ['-LOCAL_FILES', '-MULTI_STATEMENTS'],
  });
  const session = new MysqlSession(conn, target.display);
  try {
    // Belt and braces: every transaction of this session is read-only, not only the ones we open.
    await conn.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await conn.query('SET SESSION TRANSACTION READ ONLY');
    await conn.query(`SET SESSION lock_wait_timeout = ${LOCK_WAIT_S}`);
  } catch (err) {
    await session.close();
    throw err;
  }
  return session;
}

interface ColumnRow {
  schema: string;
  table: string;
  column: string;
  type: string;
  columnType: string;
}

async function listTables(conn: PromiseConnection, target: DbTarget, schemas?: string[]): Promise<{ tables: DbTable[]; notes: DocumentItem[] }> {
  const notes: DocumentItem[] = [];
  // information_schema lists only what this user holds some privilege on; a table it may see
  // but not SELECT is still listed, and its SELECT failure becomes that table's error item.
  let wanted = target.database ? [target.database] : undefined;
  if (schemas?.length) {
    const visible = await conn.query({ sql: 'SELECT SCHEMA_NAME FROM information_schema.SCHEMATA', rowsAsArray: true });
    const names = new Set((visible[0] as unknown[][]).map((r) => String(r[0])));
    for (const s of schemas) {
      if (wanted && !wanted.includes(s)) {
        notes.push({ type: 'error', message: `${target.display}: database ${s} not read: the URL names database ${target.database}`, at: { path: target.display } });
      } else if (!names.has(s)) {
        notes.push({ type: 'error', message: `${target.display}: database ${s} not found or not readable`, at: { path: target.display } });
      }
    }
    wanted = schemas.filter((s) => names.has(s) && (!wanted || wanted.includes(s)));
    if (!wanted.length) return { tables: [], notes };
  }
  const filter = wanted ? `c.TABLE_SCHEMA IN (?)` : `c.TABLE_SCHEMA NOT IN (?)`;
  const [cols] = await conn.query({
    sql: `SELECT c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME, LOWER(c.DATA_TYPE), LOWER(c.COLUMN_TYPE)
          FROM information_schema.COLUMNS c
          JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
          WHERE t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') AND ${filter}
          ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION`,
    values: [wanted ?? SYSTEM_SCHEMAS],
    rowsAsArray: true,
  });
  const [keys] = await conn.query({
    sql: `SELECT s.TABLE_SCHEMA, s.TABLE_NAME, s.COLUMN_NAME FROM information_schema.STATISTICS s
          WHERE s.INDEX_NAME = 'PRIMARY' AND ${filter.replace('c.', 's.')}
          ORDER BY s.TABLE_SCHEMA, s.TABLE_NAME, s.SEQ_IN_INDEX`,
    values: [wanted ?? SYSTEM_SCHEMAS],
    rowsAsArray: true,
  });
  const byTable = new Map<string, { schema: string; name: string; all: Map<string, DbColumn>; columns: DbColumn[]; skipped: string[] }>();
  for (const r of cols as unknown[][]) {
    const row: ColumnRow = { schema: String(r[0]), table: String(r[1]), column: String(r[2]), type: String(r[3]), columnType: String(r[4]) };
    const id = JSON.stringify([row.schema, row.table]);
    let t = byTable.get(id);
    if (!t) byTable.set(id, (t = { schema: row.schema, name: row.table, all: new Map(), columns: [], skipped: [] }));
    const col = columnOf(row);
    t.all.set(row.column, col ?? { name: row.column, type: row.type, encoding: 'bytes', integer: false });
    if (col) t.columns.push(col);
    else t.skipped.push(`${row.column} (${row.columnType})`);
  }
  const keyOf = new Map<string, DbColumn[]>();
  for (const r of keys as unknown[][]) {
    const id = JSON.stringify([String(r[0]), String(r[1])]);
    const col = byTable.get(id)?.all.get(String(r[2]));
    if (!col) continue;
    keyOf.set(id, [...(keyOf.get(id) ?? []), col]);
  }
  const tables = [...byTable.entries()].map(([id, t]) => ({ schema: t.schema, name: t.name, columns: t.columns, skipped: t.skipped, key: keyOf.get(id) ?? [] }));
  return { tables, notes };
}

function columnOf(r: ColumnRow): DbColumn | undefined {
  const base = { name: r.column, type: r.columnType };
  if (TEXT_TYPES.has(r.type) || NUMBER_TYPES.has(r.type) || TIME_TYPES.has(r.type)) return { ...base, encoding: 'text', integer: false };
  if (INTEGER_TYPES.has(r.type)) return { ...base, encoding: 'text', integer: r.type !== 'year' };
  if (BYTE_TYPES.has(r.type)) return { ...base, encoding: 'bytes', integer: false };
  return undefined;
}

function quoteId(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

export class MysqlSession implements DbSession {
  lost = false;
  private closed = false;

  constructor(
    readonly conn: PromiseConnection,
    readonly path: string,
  ) {
    // A dropped connection is reported through the query that was running; without a listener
    // the 'error' event of an idle connection would end the process.
    const core = (conn as unknown as { connection: CoreConnection }).connection;
    core.on('error', () => {
      this.lost = true;
    });
    core.on('end', () => {
      this.lost = true;
    });
  }

  async begin(): Promise<void> {
    await this.run('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
  }

  async readOnly(): Promise<boolean> {
    // transaction_read_only (MySQL 5.7.20+, MariaDB 11.1+), else tx_read_only (older MariaDB).
    for (const variable of ['@@transaction_read_only', '@@tx_read_only']) {
      try {
        const [rows] = await this.conn.query({ sql: `SELECT ${variable}`, rowsAsArray: true });
        return String((rows as unknown[][])[0]?.[0]) === '1';
      } catch (err) {
        if (isConnectionError(err)) throw err;
      }
    }
    return false;
  }

  async end(): Promise<void> {
    if (this.lost || this.closed) return;
    await this.run('ROLLBACK');
  }

  private async run(sql: string): Promise<void> {
    try {
      await this.conn.query(sql);
    } catch (err) {
      if (isConnectionError(err)) this.lost = true;
      throw err;
    }
  }

  async *select(table: DbTable, plan: SelectPlan, signal?: AbortSignal): AsyncGenerator<unknown[]> {
    const names = [...table.columns, ...table.key.filter((k) => !table.columns.includes(k))].map((c) => 't0.' + quoteId(c.name));
    // Qualified names in ORDER BY: a bare name could resolve to a select-list expression.
    const order = plan.order === 'none' ? '' : ` ORDER BY ${table.key.map((k) => `t0.${quoteId(k.name)} ${plan.order.toUpperCase()}`).join(', ')}`;
    const limit = plan.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(plan.limit))}` : '';
    const sql = `SELECT ${names.join(', ')} FROM ${quoteId(table.schema)}.${quoteId(table.name)} AS t0${order}${limit}`;
    const core = (this.conn as unknown as { connection: CoreConnection }).connection;
    const stream = core.query({ sql, rowsAsArray: true }).stream({ highWaterMark: 1000 });
    let ended = false;
    stream.once('end', () => (ended = true));
    try {
      for await (const row of stream) {
        yield row as unknown[];
        if (signal?.aborted) break;
      }
      signal?.throwIfAborted();
    } catch (err) {
      if (isConnectionError(err)) this.lost = true;
      throw err;
    } finally {
      if (!ended && !this.lost) {
        // Left early (abort, consumer stopped): the server would go on sending the whole table,
        // and MySQL has no cheap way to cancel from this connection, so it is given up.
        this.lost = true;
        core.destroy();
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.lost) {
      (this.conn as unknown as { connection: CoreConnection }).connection.destroy();
      return;
    }
    await this.conn.end().catch(() => (this.conn as unknown as { connection: CoreConnection }).connection.destroy());
  }
}
