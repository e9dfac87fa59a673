import type { DocumentItem } from '../../model/document.js';
import type { DbTarget } from './url.js';
import type { ServerReadOptions } from './server-types.js';

export { DEFAULT_SERVER_SAMPLE, type ServerReadOptions } from './server-types.js';

/**
 * MySQL/MariaDB and PostgreSQL servers as sources (`--db URL`). Each table becomes TextParts
 * with `origin: 'database'`: line 1 the column names, then one line per row, cells tab-separated
 * in header order, at most ROWS_PER_PART rows / 1 MiB a part, later parts repeating the header
 * (`headerRepeated`). Locations: `{ path: redacted URL, table: 'schema.table' }`, refined per
 * value to `{ field: column, row: primary-key value ('a=1,b=2' for a composite key) or 1-based
 * row number }`.
 *
 * Cell text: NULL is empty; numbers exactly as the server prints them (BIGINT and DECIMAL keep
 * every digit); dates as ISO text; JSON as its text; bytes (BLOB, bytea) as UTF-8 text only when
 * valid and free of NUL, else empty; a cell's own tabs and line breaks become spaces.
 *
 * Strictly read-only: read-only session and transactions, no temporary tables, no writes. What
 * cannot be read (wrong password, unreachable host, unknown database, a table without SELECT
 * privilege, a connection that drops) becomes an `error` item naming the redacted URL and
 * table, never the password or a value, and the rest goes on. Sampling: see server-read.ts.
 */
export async function* readServer(target: DbTarget, opts: ServerReadOptions = {}): AsyncGenerator<DocumentItem> {
  opts.signal?.throwIfAborted();
  // Drivers are loaded here, on first use, never at module load.
  if (target.kind === 'mysql') {
    const { readMysql } = await import('./mysql.js');
    yield* readMysql(target, opts);
  } else {
    const { readPostgres } = await import('./postgres.js');
    yield* readPostgres(target, opts);
  }
}
