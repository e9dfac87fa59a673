import type { Client, CustomTypesConfig } from 'pg';
import type { DocumentItem } from '../../model/document.js';
import { displayForDatabase, type DbTarget } from './url.js';
import { isConnectionError, safeReason } from './server-errors.js';
import { readTables } from './server-read.js';
import type { DbColumn, DbSession, DbTable, SelectPlan, ServerReadOptions } from './server-types.js';

/**
 * PostgreSQL servers through pg + pg-cursor (loaded on first use). One connection per database
 * (PostgreSQL cannot query across databases); each table is read in its own
 * `BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY` with the session's default_transaction_read_only
 * on as well, so nothing this session runs can write. Rows come through a cursor in batches, so
 * memory holds one batch and one part whatever the table size.
 */

const SYSTEM_SCHEMAS = ['pg_catalog', 'information_schema', 'pg_toast'];
const CONNECT_TIMEOUT_MS = 5000;
const BATCH_ROWS = 2000;
/**
 * Per statement: a cursor fetch is one statement, so this bounds one batch, not a whole table.
 * lock_timeout: a table under ALTER (ACCESS EXCLUSIVE) is reported, not waited on for hours.
 */
const TRANSACTION_SETTINGS = "SET LOCAL statement_timeout = '120s'; SET LOCAL lock_timeout = '30s'; SET LOCAL synchronize_seqscans = off";

/**
 * Every value as the server's text: int8/numeric keep all digits, dates stay ISO text (DateStyle
 * is set to ISO), bytea arrives as `\x` hex (decoded and kept only when it is UTF-8 text).
 */
const RAW_TEXT: CustomTypesConfig = { getTypeParser: (() => (value: string) => value) as CustomTypesConfig['getTypeParser'] };

/** Type categories (pg_type.typcategory) read: strings, numbers, date/time, enums. */
const READ_CATEGORIES = new Set(['S', 'N', 'D', 'E']);
/** Types of other categories that hold text. */
const TEXT_TYPE_NAMES = new Set(['json', 'jsonb', 'xml']);

export async function* readPostgres(target: DbTarget, opts: ServerReadOptions): AsyncGenerator<DocumentItem> {
  const secrets = [target.password];
  const connect = (database: string): Promise<Client> => connectPg(target, database);

  const atServer = { path: target.display };
  let databases: string[];
  let first: { name: string; client: Client } | undefined;
  if (target.database) {
    databases = [target.database];
  } else {
    // No database in the URL: every one this user may connect to, listed from a maintenance database.
    let listed: { name: string; client: Client } | undefined;
    let lastErr: unknown;
    for (const db of ['postgres', 'template1']) {
      try {
        listed = { name: db, client: await connect(db) };
        break;
      } catch (err) {
        lastErr = err;
        if (isConnectionError(err) || (err as { code?: string }).code === '28P01' || (err as { code?: string }).code === '28000') break;
      }
    }
    if (!listed) {
      yield { type: 'error', message: `cannot connect to ${target.display}: ${safeReason(lastErr, secrets)}`, at: atServer };
      return;
    }
    try {
      const res = await listed.client.query({
        text: `SELECT datname, has_database_privilege(datname, 'CONNECT') FROM pg_database
               WHERE datallowconn AND NOT datistemplate ORDER BY datname`,
        rowMode: 'array',
      });
      databases = [];
      for (const [name, canConnect] of res.rows as [string, string][]) {
        if (canConnect === 't') databases.push(name);
        else yield { type: 'skip', reason: `database ${name}: no CONNECT privilege`, at: { path: displayForDatabase(target, name) } };
      }
    } catch (err) {
      await listed.client.end().catch(() => undefined);
      yield { type: 'error', message: `${target.display}: databases not listed: ${safeReason(err, secrets)}`, at: atServer };
      return;
    }
    if (databases.includes(listed.name)) first = listed;
    else await listed.client.end().catch(() => undefined);
  }

  const pending = opts.schemas ? new Set(opts.schemas) : undefined;
  try {
    yield* readDatabases();
  } finally {
    // The listing connection, when the read stopped before reaching its database.
    await first?.client.end().catch(() => undefined);
  }
  for (const s of pending ?? []) {
    yield { type: 'error', message: `${target.display}: schema ${s} not found or not readable`, at: atServer };
  }

  async function* readDatabases(): AsyncGenerator<DocumentItem> {
    for (const db of databases) {
      opts.signal?.throwIfAborted();
      const path = displayForDatabase(target, db);
      let client: Client;
      try {
        if (first?.name === db) {
          client = first.client;
          first = undefined;
        } else client = await connect(db);
      } catch (err) {
        yield { type: 'error', message: `cannot connect to ${path}: ${safeReason(err, secrets)}`, at: { path } };
        continue;
      }
      const session = new PgSession(client, path);
      try {
        const schemas = opts.schemas?.flatMap((s) => (s.startsWith(`${db}.`) ? [s.slice(db.length + 1)] : s.includes('.') ? [] : [s]));
        const { tables, notes, found } = await listTables(client, path, schemas);
        for (const s of found) {
          pending?.delete(s);
          pending?.delete(`${db}.${s}`);
        }
        yield* notes;
        yield* readTables(session, tables, opts, secrets);
      } catch (err) {
        if (opts.signal?.aborted) throw err;
        yield { type: 'error', message: `${path}: ${safeReason(err, secrets)}`, at: { path } };
      } finally {
        await session.close();
      }
    }
  }
}

async function connectPg(target: DbTarget, database: string): Promise<Client> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({
    host: target.socketPath ?? target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database,
    ssl: target.ssl ? { rejectUnauthorized: target.ssl === 'verify' } : undefined,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'piaudit',
    types: RAW_TEXT,
  });
  // An idle client whose server goes away emits 'error': without a listener the process would end.
  client.on('error', () => undefined);
  try {
    await client.connect();
    // Session defaults: every transaction read-only, text formats this reader decodes.
    await client.query("SET default_transaction_read_only = on; SET bytea_output = 'hex'; SET DateStyle = 'ISO, YMD'");
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  return client;
}

/** A read-only session on one database (exported for the tests, which check it from inside). */
export async function openPostgres(target: DbTarget, database: string): Promise<PgSession> {
  return new PgSession(await connectPg(target, database), displayForDatabase(target, database));
}

async function listTables(client: Client, path: string, schemas: string[] | undefined): Promise<{ tables: DbTable[]; notes: DocumentItem[]; found: Set<string> }> {
  const notes: DocumentItem[] = [];
  const found = new Set<string>();
  if (schemas && !schemas.length) return { tables: [], notes, found };
  // Partitions are read through their parent, foreign tables are left out (reading them would
  // query another server), unpopulated materialized views hold nothing to read.
  const filter = schemas ? 'n.nspname = ANY($1)' : "NOT (n.nspname = ANY($1)) AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'";
  const res = await client.query({
    text: `SELECT n.nspname, c.relname, c.relkind, a.attname, format_type(a.atttypid, a.atttypmod),
             bt.typname, bt.typcategory, et.typcategory,
             has_column_privilege(c.oid, a.attnum, 'SELECT'), has_schema_privilege(n.oid, 'USAGE'),
             COALESCE((SELECT k.ord FROM unnest(pk.indkey) WITH ORDINALITY AS k(attnum, ord) WHERE k.attnum = a.attnum), 0)
           FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
           JOIN pg_type t ON t.oid = a.atttypid
           JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
           LEFT JOIN pg_type et ON et.oid = bt.typelem AND bt.typcategory = 'A'
           LEFT JOIN pg_index pk ON pk.indrelid = c.oid AND pk.indisprimary
           WHERE c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition AND (c.relkind <> 'm' OR c.relispopulated)
             AND ${filter}
           ORDER BY n.nspname, c.relname, a.attnum`,
    values: [schemas ?? SYSTEM_SCHEMAS],
    rowMode: 'array',
  });
  interface Building extends DbTable {
    keyAt: Array<[number, DbColumn]>;
    denied: number;
    usable: boolean;
  }
  const byTable = new Map<string, Building>();
  for (const r of res.rows as string[][]) {
    const [schema, name, kind, column, typeText, typName, category, elemCategory, readable, usable, keyPos] = r;
    found.add(schema);
    const id = JSON.stringify([schema, name]);
    let t = byTable.get(id);
    if (!t) byTable.set(id, (t = { schema, name, columns: [], key: [], skipped: [], only: kind === 'r', keyAt: [], denied: 0, usable: usable === 't' }));
    const col = columnOf(column, typeText, typName, category, elemCategory);
    const keyCol = col ?? { name: column, type: typeText, encoding: 'text', integer: false };
    if (Number(keyPos) > 0) t.keyAt.push([Number(keyPos), keyCol]);
    if (readable !== 't') {
      t.denied++;
      t.skipped.push(`${column} (no SELECT privilege)`);
    } else if (col) t.columns.push(col);
    else t.skipped.push(`${column} (${typeText})`);
  }
  const tables: DbTable[] = [];
  const unusable = new Map<string, number>();
  for (const t of byTable.values()) {
    const at = { path, table: `${t.schema}.${t.name}` };
    if (!t.usable) {
      unusable.set(t.schema, (unusable.get(t.schema) ?? 0) + 1);
      continue;
    }
    if (t.denied && !t.columns.length && t.denied === t.skipped.length) {
      notes.push({ type: 'error', message: `${path}: table ${at.table} not read: permission denied (no SELECT privilege)`, at });
      continue;
    }
    const key = t.keyAt.sort((a, b) => a[0] - b[0]).map(([, c]) => c);
    // A key column the user may not read cannot label rows: fall back to row numbers.
    const keyReadable = key.every((k) => !t.skipped.includes(`${k.name} (no SELECT privilege)`));
    tables.push({ schema: t.schema, name: t.name, columns: t.columns, key: keyReadable ? key : [], skipped: t.skipped, only: t.only });
  }
  for (const [schema, count] of unusable) {
    notes.push({ type: 'error', message: `${path}: schema ${schema} not read: permission denied (no USAGE privilege; ${count} table(s))`, at: { path } });
  }
  return { tables, notes, found };
}

function columnOf(name: string, type: string, typName: string, category: string, elemCategory: string | null): DbColumn | undefined {
  if (typName === 'bytea') return { name, type, encoding: 'pg-hex', integer: false };
  const integer = typName === 'int2' || typName === 'int4' || typName === 'int8';
  if (READ_CATEGORIES.has(category) || TEXT_TYPE_NAMES.has(typName)) return { name, type, encoding: 'text', integer };
  // Arrays of text or numbers (phones text[]) as their `{…}` text.
  if (category === 'A' && elemCategory && READ_CATEGORIES.has(elemCategory)) return { name, type, encoding: 'text', integer: false };
  return undefined;
}

function quoteId(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

export class PgSession implements DbSession {
  lost = false;
  private closed = false;

  constructor(
    private readonly client: Client,
    readonly path: string,
  ) {
    client.on('error', () => {
      this.lost = true;
    });
    client.on('end', () => {
      this.lost = true;
    });
  }

  async begin(): Promise<void> {
    await this.run(`BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; ${TRANSACTION_SETTINGS}`);
  }

  async readOnly(): Promise<boolean> {
    const res = await this.client.query({ text: 'SHOW transaction_read_only', rowMode: 'array' });
    return String(res.rows[0]?.[0]) === 'on';
  }

  async end(): Promise<void> {
    if (this.lost || this.closed) return;
    await this.run('ROLLBACK');
  }

  private async run(sql: string): Promise<void> {
    try {
      await this.client.query(sql);
    } catch (err) {
      if (isConnectionError(err)) this.lost = true;
      throw err;
    }
  }

  async *select(table: DbTable, plan: SelectPlan, signal?: AbortSignal): AsyncGenerator<unknown[]> {
    const Cursor = (await import('pg-cursor')).default;
    const names = [...table.columns, ...table.key.filter((k) => !table.columns.includes(k))].map((c) => 't0.' + quoteId(c.name));
    // Qualified names in ORDER BY: a bare name would resolve to an output column first.
    const order = plan.order === 'none' ? '' : ` ORDER BY ${table.key.map((k) => `t0.${quoteId(k.name)} ${plan.order.toUpperCase()}`).join(', ')}`;
    const limit = plan.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(plan.limit))}` : '';
    const sql = `SELECT ${names.join(', ')} FROM ${table.only ? 'ONLY ' : ''}${quoteId(table.schema)}.${quoteId(table.name)} AS t0${order}${limit}`;
    const cursor = this.client.query(new Cursor<unknown[]>(sql, [], { rowMode: 'array', types: RAW_TEXT }));
    // One batch is fetched ahead while the current one is turned into text: the server works
    // while this side does, and memory holds two batches at most.
    let ahead: Promise<unknown[][]> | undefined = cursor.read(BATCH_ROWS);
    try {
      for (;;) {
        signal?.throwIfAborted();
        const rows: unknown[][] = (await ahead) ?? [];
        ahead = undefined;
        if (!rows.length) break;
        for (const row of rows) yield row;
        if (rows.length === BATCH_ROWS) ahead = cursor.read(BATCH_ROWS);
      }
    } catch (err) {
      if (isConnectionError(err)) this.lost = true;
      throw err;
    } finally {
      // Closes the portal: left open it would keep its snapshot and locks until the transaction ends.
      // A read still in flight is settled first (its rejection is not left unhandled).
      await ahead?.catch(() => undefined);
      if (!this.lost) await cursor.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.end().catch(() => undefined);
  }
}
