import { open, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import type { DocumentItem } from '../../model/document.js';
import { isWalHeader, sqliteAccess, type SqliteAccess } from './sqlite-access.js';
import { sqliteProblem } from './sqlite-errors.js';
import { isSqlite } from '../magic.js';
import { blobText, CELL_MAX_CHARS, cellText, DEFAULT_TABLE_LIMITS, TablePartBuilder, type TablePartLimits } from './table-part.js';

/**
 * SQLite files (app.db, data.sqlite, *.db3 — found by header, whatever the name): every table,
 * every column, streamed row by row with better-sqlite3 so memory holds one part at a time.
 * Strictly read-only: see sqlite-access.ts for how the file and its directory stay untouched.
 */

export { isSqlite };

export interface SqliteReadOptions {
  signal?: AbortSignal;
  /** Part size (tests use small parts). */
  limits?: Readonly<TablePartLimits>;
}

type Database = BetterSqlite3.Database;

/** better-sqlite3 is a native module: loaded on the first database met, never at start-up. */
let driver: typeof BetterSqlite3 | undefined;
function loadDriver(): typeof BetterSqlite3 {
  driver ??= createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  return driver;
}

interface TableInfo {
  name: string;
  columns: string[];
  /** Declared column types ('' when none). */
  types: string[];
  /** Indexes (into columns) of the primary key, in key order; empty when the table has none. */
  key: number[];
}

/**
 * A SQLite database: a file on disk (by path), or the bytes of one held in memory (an archive
 * member), which SQLite opens as an in-memory database: nothing touches a disk.
 */
export async function* readSqlite(source: string | { data: Buffer }, opts: SqliteReadOptions = {}): AsyncGenerator<DocumentItem> {
  const { signal } = opts;
  const file = typeof source === 'string' ? source : undefined;
  let head: Buffer;
  let size: number;
  try {
    if (file === undefined) {
      const data = (source as { data: Buffer }).data;
      head = data.subarray(0, 100);
      size = data.length;
    } else {
      const fh = await open(file, 'r');
      try {
        head = Buffer.alloc(100);
        head = head.subarray(0, (await fh.read(head, 0, 100, 0)).bytesRead);
        size = (await fh.stat()).size;
      } finally {
        await fh.close();
      }
    }
  } catch (e) {
    yield { type: 'error', message: sqliteProblem(e) };
    return;
  }
  if (!isSqlite(head)) {
    yield { type: 'error', message: 'not a SQLite database (no SQLite header: encrypted, or another format)' };
    return;
  }
  let access: SqliteAccess | undefined;
  if (file !== undefined) {
    try {
      access = await sqliteAccess(file, head);
    } catch (e) {
      yield { type: 'error', message: `cannot make a private copy of the WAL-mode database: ${sqliteProblem(e)}` };
      return;
    }
  }
  let db: Database | undefined;
  const cut = file === undefined || access!.copied || !(await walBeside(file)) ? truncation(head, size) : undefined;
  try {
    let tables: TableInfo[];
    try {
      const Driver = loadDriver();
      db = access ? new Driver(access.file, { readonly: true, fileMustExist: true }) : new Driver(inMemoryImage((source as { data: Buffer }).data), { readonly: true });
      // Belt and braces on top of O_RDONLY; and a database file is untrusted input: its schema
      // must not run functions with side effects.
      db.pragma('query_only = ON');
      db.pragma('trusted_schema = OFF');
      db.function(BLOB_FN, { deterministic: true }, (v: unknown) => (v instanceof Uint8Array ? blobText(v) : v) as string);
      // SQLite refuses a whole file shorter than its header's page count; with writable_schema it
      // reads the pages that are there (nothing can be written: O_RDONLY and query_only), so the
      // tables stored before the cut are still read (writable_schema is ignored in better-sqlite3's
      // default defensive mode, hence unsafeMode).
      if (cut) {
        db.unsafeMode(true);
        db.pragma('writable_schema = ON');
      }
      tables = listTables(db);
    } catch (e) {
      yield { type: 'error', message: sqliteProblem(e) };
      return;
    }
    if (cut) yield { type: 'error', message: cut };
    for (const table of tables) {
      if (signal?.aborted) return;
      yield* readTable(db, table, opts);
    }
  } finally {
    db?.close();
    await access?.dispose();
  }
}

/**
 * The bytes SQLite deserializes for an in-memory read. An in-memory database cannot be in WAL mode
 * (SQLite refuses to open one whose header says WAL), so a WAL database's header is set back to
 * the rollback format in a private copy: the pages are the same, only the -wal a member cannot
 * carry is missing, as when such a file is copied alone.
 */
function inMemoryImage(data: Buffer): Buffer {
  if (!isWalHeader(data)) return data;
  const copy = Buffer.from(data);
  copy[18] = 1;
  copy[19] = 1;
  return copy;
}

async function walBeside(file: string): Promise<boolean> {
  try {
    return (await stat(`${file}-wal`)).size > 0;
  } catch {
    return false;
  }
}

/** The header's page count against the file size (valid when the header's version-valid-for matches its change counter). */
function truncation(head: Buffer, size: number): string | undefined {
  if (head.length < 100) return `truncated SQLite database (${size} bytes, shorter than its header)`;
  const raw = head.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const pages = head.readUInt32BE(28);
  if (pages === 0 || head.readUInt32BE(92) !== head.readUInt32BE(24)) return undefined;
  const expected = pages * pageSize;
  return size < expected ? `truncated SQLite database (${size} of ${expected} bytes): tables stored past the cut cannot be read` : undefined;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Tables of the main schema, SQLite's own (sqlite_%) left out, and the shadow tables of virtual
 * tables (an FTS index's _content/_data) too, since the virtual table itself shows their text
 * once. Views are not read: their rows are other tables' rows again.
 */
function listTables(db: Database): TableInfo[] {
  const names = db.prepare(`SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid`).pluck().all() as string[];
  let shadow = new Set<string>();
  try {
    shadow = new Set(db.prepare(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'`).pluck().all() as string[]);
  } catch {
    // A virtual table of a missing module makes table_list fail: read shadow tables then, the text is there.
  }
  const out: TableInfo[] = [];
  for (const name of names) {
    if (shadow.has(name)) continue;
    let cols: Array<{ name: string; type: string; pk: number }> = [];
    try {
      cols = db.prepare('SELECT name, type, pk FROM pragma_table_info(?)').all(name) as Array<{ name: string; type: string; pk: number }>;
    } catch {
      // Columns of a virtual table whose module is missing: readTable reports the table.
    }
    const key = cols.map((c, i) => ({ pk: c.pk, i })).filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.i);
    out.push({ name, columns: cols.map((c) => c.name), types: cols.map((c) => c.type ?? ''), key });
  }
  return out;
}

/**
 * One cell as text in SQL, for the row-by-row path: integers exact (CAST, so an 18-digit INTEGER
 * keeps its 18 digits whatever JS numbers can hold), REALs as SQLite writes them (the fast path's
 * form too), BLOBs as bytes for `blobText`, NULL as NULL.
 */
function cellSql(column: string): string {
  const c = quoteIdent(column);
  return `CASE WHEN typeof(${c}) = 'blob' THEN ${c} ELSE CAST(${c} AS TEXT) END`;
}

function cellOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (v instanceof Uint8Array) return blobText(v);
  return String(v);
}

/** The name under which the rowid is reachable (a column may take `rowid`, then `_rowid_` or `oid` still work). */
function rowidName(columns: readonly string[]): string | undefined {
  const taken = new Set(columns.map((c) => c.toLowerCase()));
  return ['rowid', '_rowid_', 'oid'].find((n) => !taken.has(n));
}

/** Declared types with BLOB affinity (BLOB or no type) may hold binary: their cells go through the careful SQL form from the start. */
function blobAffinity(type: string): boolean {
  return type === '' || /BLOB/i.test(type);
}

interface RowStats {
  rows: number;
  longCells: number;
}

/** What a chunk must not hold: CR (a break to replace), NUL and U+FFFD (a binary BLOB decoded as text). */
const ODD_CHARS = /[\r\0\ufffd]/;
const CR = /\r/;

/** SQL function turning a BLOB into scannable text (`blobText`), for columns read in careful mode. */
const BLOB_FN = 'piaudit_blob_text';

/**
 * A table's rows. Per-value work in JS is what made extraction slower than `sqlite3 .dump | rg`,
 * so the fast path has SQLite build whole parts: chunks of rows in rowid order (keyset, so each
 * chunk is a B-tree seek), each row's cells joined by tabs and the rows by line feeds
 * (`group_concat`), NULL as empty and numbers in SQLite's own exact text (an 18-digit INTEGER
 * keeps its digits). A chunk is checked by counting its line feeds and tabs and looking for CR,
 * NUL and U+FFFD (what undecodable bytes, i.e. a binary BLOB, become): a chunk that fails is read
 * again cell by cell, and the columns found holding tabs, line breaks or BLOBs switch to a careful
 * SQL form (replace(), a BLOB-to-text function) for the rest of the table, so a notes column with
 * line breaks costs a few replace() calls instead of every row in JS. WITHOUT ROWID tables (and
 * anything the fast query refuses) are read cell by cell throughout.
 */
async function* readTable(db: Database, table: TableInfo, opts: SqliteReadOptions): AsyncGenerator<DocumentItem> {
  const at = { table: table.name };
  const limits = opts.limits ?? DEFAULT_TABLE_LIMITS;
  const builder = new TablePartBuilder(table.name, table.columns, { limits, key: table.key });
  const width = table.columns.length;
  const stats: RowStats = { rows: 0, longCells: 0 };
  const from = `main.${quoteIdent(table.name)}`;
  try {
    // No columns known: the table's module is missing (preparing it throws the reason).
    if (width === 0) db.prepare(`SELECT * FROM ${from}`);
    const cellsSql = table.columns.map(cellSql).join(', ');
    /** Cell by cell: what the fast path falls back to. `learn` is told which columns needed care. */
    const rowLine = (cells: unknown[], learn?: (column: number, odd: boolean) => void): string => {
      let line = '';
      for (let c = 0; c < width; c++) {
        const v = cells[c];
        let text = cellOf(v);
        if (learn) {
          if (v instanceof Uint8Array || /[\t\n\r]/.test(text)) learn(c, false);
          else if (/[\0\ufffd]/.test(text)) learn(c, true);
        }
        if (text.length > CELL_MAX_CHARS) {
          text = text.slice(0, CELL_MAX_CHARS);
          stats.longCells++;
        }
        line += c === 0 ? cellText(text) : `\t${cellText(text)}`;
      }
      return line;
    };
    const rid = width ? rowidName(table.columns) : undefined;
    let probe = false;
    if (rid) {
      try {
        db.prepare(`SELECT ${rid} FROM ${from} WHERE ${rid} > ? ORDER BY ${rid} LIMIT 1`);
        probe = true;
      } catch {
        // WITHOUT ROWID, or a virtual table without rowid: cell by cell.
      }
    }
    if (rid && probe) {
      const careful = table.types.map(blobAffinity);
      let checkOdd = true;
      const chunkSql = (): BetterSqlite3.Statement => {
        const line = table.columns
          .map((c, i) => {
            const q = quoteIdent(c);
            if (!careful[i]) return `ifnull(${q}, '')`;
            return `replace(replace(replace(CASE WHEN typeof(${q}) = 'blob' THEN ${BLOB_FN}(${q}) ELSE ifnull(${q}, '') END, char(9), ' '), char(10), ' '), char(13), ' ')`;
          })
          .join(` || char(9) || `);
        return db
          .prepare(`SELECT max(r), count(*), group_concat(l, char(10)) FROM (SELECT ${rid} AS r, ${line} AS l FROM ${from} WHERE ${rid} > ? ORDER BY ${rid} LIMIT ?)`)
          .raw(true)
          .safeIntegers(true);
      };
      let chunk = chunkSql();
      const range = db.prepare(`SELECT ${cellsSql} FROM ${from} WHERE ${rid} > ? AND ${rid} <= ? ORDER BY ${rid}`).raw(true);
      let last = -(2n ** 63n);
      let limit = Math.min(100, limits.maxRows); // a first small chunk measures the row width
      for (;;) {
        if (opts.signal?.aborted) return;
        // Never more rows than the part has room for (rows cut by a bad chunk leave it part-filled).
        const [max, n, text] = chunk.get(last, Math.max(1, Math.min(limit, limits.maxRows - builder.rows))) as [bigint | null, bigint, string | null];
        const count = Number(n);
        if (!count || max === null) break;
        let good = text !== null && text.length <= CELL_MAX_CHARS;
        if (good) {
          let lines = 1;
          for (let p = text!.indexOf('\n'); p !== -1; p = text!.indexOf('\n', p + 1)) lines++;
          let tabs = 0;
          for (let p = text!.indexOf('\t'); p !== -1; p = text!.indexOf('\t', p + 1)) tabs++;
          good = lines === count && tabs === count * (width - 1) && !(checkOdd ? ODD_CHARS : CR).test(text!);
        }
        if (good) {
          stats.rows += count;
          if (builder.addBlock(text!, count)) yield { type: 'text', part: builder.take()! };
        } else {
          let learned = false;
          let oddText = false;
          const learn = (c: number, isOdd: boolean): void => {
            if (isOdd) oddText = true;
            else if (!careful[c]) careful[c] = learned = true;
          };
          for (const cells of range.iterate(last, max) as IterableIterator<unknown[]>) {
            stats.rows++;
            if (builder.add(rowLine(cells, learn))) yield { type: 'text', part: builder.take()! };
          }
          if (learned) chunk = chunkSql();
          else if (oddText) checkOdd = false; // text that really holds NUL or U+FFFD: stop looking for BLOBs that way
        }
        last = max;
        const size = text?.length ?? limits.maxChars;
        limit = size > limits.maxChars ? Math.max(1, Math.floor((limit * limits.maxChars) / size)) : Math.min(limits.maxRows, size < limits.maxChars / 2 ? limit * 2 : limit);
      }
    } else if (width) {
      const stmt = db.prepare(`SELECT ${cellsSql} FROM ${from}`).raw(true);
      for (const cells of stmt.iterate() as IterableIterator<unknown[]>) {
        stats.rows++;
        if ((stats.rows & 1023) === 0 && opts.signal?.aborted) return;
        if (builder.add(rowLine(cells))) yield { type: 'text', part: builder.take()! };
      }
    }
    const last = width ? builder.take(undefined, true) : undefined;
    if (last) yield { type: 'text', part: last };
  } catch (e) {
    // Rows read before the failure are kept; the rest of the table is reported, other tables go on.
    const partial = builder.take();
    if (partial) yield { type: 'text', part: partial };
    yield { type: 'error', message: `table not read${stats.rows ? ` past row ${stats.rows}` : ''}: ${sqliteProblem(e)}`, at };
  }
  if (stats.longCells) yield { type: 'skip', reason: `${stats.longCells} cell(s) longer than ${CELL_MAX_CHARS >> 20} Mi characters: only their start scanned`, at };
}
