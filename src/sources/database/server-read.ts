import type { DocumentItem } from '../../model/document.js';
import { CELL_MAX_CHARS, cellText, rowIdOf, TablePartBuilder, type RowId } from './table-part.js';
import { cellValue } from './server-cells.js';
import { safeReason } from './server-errors.js';
import { DEFAULT_SERVER_SAMPLE, qualifiedName, type DbSession, type DbTable, type ServerReadOptions } from './server-types.js';

/**
 * The driver-independent half of reading a server: every table in its own read-only
 * transaction, sampled or whole, as table parts; one table's failure is an error item and the
 * next table goes on, unless the connection itself is gone.
 *
 * Sampling (not `full`): N rows per table, the same rows every run so two audits compare.
 * - With a primary key: the first ⌈N/2⌉ rows by key, then the last ⌊N/2⌋ by key (read
 *   descending, rows already read skipped). Both are index scans that stop after N rows, cheap
 *   on any table, unlike a hash-of-key filter, which reads the whole table to pick its rows.
 *   Head and tail rather than head alone because auto-increment keys put the oldest rows first
 *   and the newest last: the newest show what the application stores *today* (masking added
 *   last year, or not), the oldest what it kept from before.
 * - Without a primary key: the first N rows in physical order (`LIMIT N`), which is stable while
 *   the table is not rewritten but may vary after updates, VACUUM FULL or OPTIMIZE TABLE; the
 *   row number is then the row's position in this read.
 */

/** Reads the tables of one session; `secrets` are scrubbed from error messages. */
export async function* readTables(session: DbSession, tables: readonly DbTable[], opts: ServerReadOptions, secrets: readonly (string | undefined)[]): AsyncGenerator<DocumentItem> {
  if (!tables.some((t) => t.columns.length)) {
    yield* skipNotes(session, tables);
    return;
  }
  // Before anything is read: the server itself must confirm the transaction is read-only (a
  // proxy or an old server could ignore the request), else nothing is read through it.
  let readOnly = false;
  try {
    await session.begin();
    readOnly = await session.readOnly();
  } catch (err) {
    yield { type: 'error', message: `${session.path}: cannot start a read-only transaction: ${safeReason(err, secrets)}`, at: { path: session.path } };
    return;
  } finally {
    await session.end().catch(() => undefined);
  }
  if (!readOnly) {
    yield { type: 'error', message: `${session.path}: the server did not make the transaction read-only; nothing read`, at: { path: session.path } };
    return;
  }
  for (let i = 0; i < tables.length; i++) {
    const table = tables[i];
    opts.signal?.throwIfAborted();
    const at = { path: session.path, table: qualifiedName(table) };
    if (table.skipped.length) yield skipNote(session, table);
    if (!table.columns.length) continue;
    try {
      await session.begin();
      yield* readTable(session, table, opts);
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      yield { type: 'error', message: `${session.path}: table ${at.table} not read: ${safeReason(err, secrets)}`, at };
      if (session.lost) {
        const rest = tables.slice(i + 1).filter((t) => t.columns.length);
        if (rest.length) {
          const names = rest.slice(0, 5).map(qualifiedName).join(', ') + (rest.length > 5 ? `, … (${rest.length} in all)` : '');
          yield { type: 'error', message: `${session.path}: connection lost; tables not read: ${names}`, at: { path: session.path } };
        }
        return;
      }
    } finally {
      await session.end().catch(() => undefined);
    }
  }
}

function* skipNotes(session: DbSession, tables: readonly DbTable[]): Generator<DocumentItem> {
  for (const table of tables) {
    if (table.skipped.length) yield skipNote(session, table);
  }
}

function skipNote(session: DbSession, table: DbTable): DocumentItem {
  return {
    type: 'skip',
    reason: `columns not scanned (binary, spatial or other types without text, or not readable): ${table.skipped.join(', ')}`,
    at: { path: session.path, table: qualifiedName(table) },
  };
}

/** One table, as parts; throws what the driver throws. */
export async function* readTable(session: DbSession, table: DbTable, opts: ServerReadOptions): AsyncGenerator<DocumentItem> {
  const name = qualifiedName(table);
  const at = { path: session.path, table: name };
  // The same part builder as SQLite files and dumps; rows are named here (key or number in the read).
  const parts = new TablePartBuilder(name, table.columns.map((c) => c.name), { at: { path: session.path } });
  let cutCells = 0;
  const columns = table.columns;
  // Key columns' positions in the selected row: scanned columns first, then the key's others.
  let extra = columns.length;
  const keyAt = table.key.map((k) => {
    const i = columns.findIndex((c) => c.name === k.name);
    return i === -1 ? extra++ : i;
  });
  const keyNames = table.key.map((k) => k.name);
  /** The row's key values as text, in key order (for the row id and the head/tail dedupe). */
  const keyValues = (row: readonly unknown[]): string[] => table.key.map((k, j) => cellValue(row[keyAt[j]], k));
  let rowNumber = 0;

  /** Reads rows into parts; `seen` collects (head) or filters (tail) key labels; returns rows read. */
  async function* take(rows: AsyncIterable<unknown[]>, seen?: { add?: Set<string>; skip?: Set<string> }): AsyncGenerator<DocumentItem, number> {
    let n = 0;
    for await (const row of rows) {
      const values = keyAt.length ? keyValues(row) : undefined;
      const key = values?.join('\0');
      // The descending tail reached rows the head read (a table of fewer than N rows). Skipped, not
      // a break: leaving a MySQL stream early costs its connection, and at most N/2 rows remain.
      if (key !== undefined && seen?.skip?.has(key)) continue;
      if (key !== undefined) seen?.add?.add(key);
      rowNumber++;
      // The same rule as SQLite files and dumps: a key that may be personal is never printed.
      const label: RowId = values ? rowIdOf(keyNames, values, rowNumber) : rowNumber;
      let line = '';
      for (let i = 0; i < columns.length; i++) {
        let text = cellValue(row[i], columns[i]);
        if (text.length > CELL_MAX_CHARS) {
          text = text.slice(0, CELL_MAX_CHARS);
          cutCells++;
        }
        line += i ? `\t${cellText(text)}` : cellText(text);
      }
      n++;
      if (parts.add(line, label)) {
        const part = parts.take();
        if (part) yield { type: 'text', part };
      }
    }
    return n;
  }

  const sample = opts.sample && opts.sample > 0 ? Math.floor(opts.sample) : DEFAULT_SERVER_SAMPLE;
  if (opts.full) {
    yield* take(session.select(table, { order: 'none' }, opts.signal));
  } else if (!table.key.length) {
    yield* take(session.select(table, { order: 'none', limit: sample }, opts.signal));
  } else {
    const headSize = Math.ceil(sample / 2);
    const head = new Set<string>();
    const got = yield* take(session.select(table, { order: 'asc', limit: headSize }, opts.signal), { add: head });
    if (got === headSize && sample - headSize > 0) {
      yield* take(session.select(table, { order: 'desc', limit: sample - headSize }, opts.signal), { skip: head });
    }
  }
  const last = parts.take();
  if (last) yield { type: 'text', part: last };
  if (cutCells) yield { type: 'skip', reason: `${cutCells} cell(s) longer than ${CELL_MAX_CHARS >> 20} Mi characters: only their start scanned`, at };
}
