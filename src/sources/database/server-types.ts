/**
 * What the MySQL and PostgreSQL readers share: the table and column descriptions they build from
 * their catalogs, and the small session interface the driver-independent table reader uses.
 */

/** Options of readServer (the CLI's --schema, --sample, --full). */
export interface ServerReadOptions {
  /** Only these schemas (MySQL: databases; PostgreSQL: schemas, or `database.schema`). */
  schemas?: string[];
  /** Rows per table when not `full` (default DEFAULT_SERVER_SAMPLE). */
  sample?: number;
  /** Read every row of every table. */
  full?: boolean;
  signal?: AbortSignal;
}

/** Rows per table read from a server unless told otherwise: enough to judge a column, cheap on any table. */
export const DEFAULT_SERVER_SAMPLE = 1000;

/** One column read from a table. */
export interface DbColumn {
  name: string;
  /** The type as the catalog names it (for skip notes). */
  type: string;
  /** How values arrive: text (strings, numbers), raw bytes (a Buffer) or PostgreSQL's `\x…` hex of bytea. */
  encoding: 'text' | 'bytes' | 'pg-hex';
  /** An integer type: a key value of it is reported as a number when it is a safe integer. */
  integer: boolean;
}

/** A table (or materialized view) to read. */
export interface DbTable {
  /** Schema (PostgreSQL) or database (MySQL) name. */
  schema: string;
  name: string;
  /** The columns whose values are scanned, in table order. */
  columns: DbColumn[];
  /** Primary key columns, in key order (may include columns not scanned); empty without one. */
  key: DbColumn[];
  /** Columns left out, with their type, for the skip note. */
  skipped: string[];
  /** PostgreSQL: read with ONLY (a table with inheritance children, listed on their own). */
  only?: boolean;
}

/** How a select orders and limits its rows. */
export interface SelectPlan {
  /** 'none': physical order (full scans, tables without a key); asc/desc: by primary key. */
  order: 'none' | 'asc' | 'desc';
  limit?: number;
}

/**
 * One connection to one database, as the table reader sees it. Each table is read in its own
 * read-only transaction (begin/end) so locks and snapshots are not held for the whole audit.
 */
export interface DbSession {
  /** The location path of this session's tables: the redacted URL of its database. */
  readonly path: string;
  /** Starts a read-only transaction. */
  begin(): Promise<void>;
  /** Ends the transaction (rolled back: there is nothing to keep); a no-op after the connection is gone. */
  end(): Promise<void>;
  /**
   * Rows of `table`: the scanned columns, then the key columns not scanned, in that order.
   * Stopping early (break/return) releases the query.
   */
  select(table: DbTable, plan: SelectPlan, signal?: AbortSignal): AsyncIterable<unknown[]>;
  /** Asks the server whether the current transaction is read-only (checked before any table is read). */
  readOnly(): Promise<boolean>;
  /** True once the connection is lost: later tables cannot be read through it. */
  readonly lost: boolean;
  close(): Promise<void>;
}

/** `schema.table`, the location's table name. */
export function qualifiedName(table: Pick<DbTable, 'schema' | 'name'>): string {
  return `${table.schema}.${table.name}`;
}
