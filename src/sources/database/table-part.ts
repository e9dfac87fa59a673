import { isUtf8 } from 'node:buffer';
import type { TextPart } from '../../model/document.js';
import type { Location } from '../../model/location.js';
import { gb11643Valid } from '../../util/checksums/gb11643.js';
import { luhnValid } from '../../util/checksums/luhn.js';

/**
 * Database tables (SQLite files, SQL dumps) as `TextPart`s: line 1 the column names, then one line
 * per row, cells tab-separated in header order. A table is cut into parts of bounded size so memory
 * holds one part whatever the table size; every part after a table's first repeats the header (the
 * column context needs it) and says so with `headerRepeated`.
 */

export interface TablePartLimits {
  maxRows: number;
  /** UTF-16 units of row text per part (~1 MiB of text). */
  maxChars: number;
}

/** Rows per part: enough to amortise per-part work, small enough to keep memory flat. */
export const DEFAULT_TABLE_LIMITS: Readonly<TablePartLimits> = Object.freeze({ maxRows: 5000, maxChars: 1 << 20 });

/**
 * A cell longer than this is cut: one value of megabytes is a document stored in a column, and
 * holding several of them per part would defeat the bounded part size. Reported as a skip.
 */
export const CELL_MAX_CHARS = 8 << 20;

/** A row's identity for locations: the primary key value, else its 1-based row number. */
export type RowId = string | number;

/** Extra location for the value at `offset` (0-based, UTF-16) inside cell `column` of data row `row` (0-based in the part). */
export type CellRefiner = (row: number, column: number, offset: number) => Partial<Location> | undefined;

/** A cell's own tabs and line breaks would split the row: they become spaces (one each, so offsets inside the cell hold). */
export function cellText(value: string): string {
  return TAB_OR_BREAK.test(value) ? value.replace(TAB_OR_BREAK_ALL, ' ') : value;
}
const TAB_OR_BREAK = /[\t\r\n]/;
const TAB_OR_BREAK_ALL = /[\t\r\n]/g;

/**
 * A binary value as text: only when it is valid UTF-8 without NUL (text stored in a BLOB column,
 * common in app databases); anything else is binary data and scans as an empty cell.
 */
export function blobText(bytes: Uint8Array): string {
  if (bytes.length === 0 || bytes.indexOf(0) !== -1 || !isUtf8(bytes)) return '';
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
}

export interface TablePartOptions {
  limits?: Readonly<TablePartLimits>;
  /** Indexes of the primary key columns in key order: rows are then named by their key (derived lazily, on refine). */
  key?: readonly number[];
  /** True when this table's header was already handed out (a dump that comes back to a table): every part repeats it. */
  headerSeen?: boolean;
  /** Row number of the first row added, 1-based (a dump that comes back to a table goes on counting). */
  firstRow?: number;
  /** Where the table is, besides its name (a server's redacted URL as `path`). */
  at?: Partial<Location>;
}

/**
 * Accumulates the rows of one table into parts. The owner adds ready-made row lines (cells already
 * passed through `cellText`, joined by tabs) and takes a part when `add` says it is full. A row is
 * named by its primary key when the table has one (taken from the row's own cells, only when a
 * value is located there: most parts have no finding), else by its 1-based row number.
 */
export class TablePartBuilder {
  /** Row lines, or blocks of several lines already joined by '\n' (the SQLite fast path). */
  private lines: string[] = [];
  private count = 0;
  /** Explicit row ids by row index in the part (dumps without a key in their schema get none). */
  private ids: Map<number, RowId> | undefined;
  private chars = 0;
  private readonly limits: Readonly<TablePartLimits>;
  private readonly key: readonly number[];
  private readonly headerSeen: boolean;
  /** Parts handed out so far (the next one repeats the header when > 0). */
  parts = 0;
  /** Data rows handed out so far, all parts together (the table's row count at the end). */
  rowsTaken = 0;
  private readonly firstRow: number;
  private readonly at: Partial<Location>;

  constructor(
    readonly name: string,
    public columns: string[],
    opts: TablePartOptions = {},
  ) {
    this.limits = opts.limits ?? DEFAULT_TABLE_LIMITS;
    this.key = opts.key ?? [];
    this.headerSeen = opts.headerSeen ?? false;
    this.firstRow = opts.firstRow ?? 1;
    this.at = { ...opts.at, table: name };
  }

  get rows(): number {
    return this.count;
  }

  /** Adds one row (an explicit id overrides the key / row number); true when the part is full and should be taken now. */
  add(line: string, rowId?: RowId): boolean {
    this.lines.push(line);
    if (rowId !== undefined) (this.ids ??= new Map()).set(this.count, rowId);
    this.count++;
    this.chars += line.length + 1;
    return this.count >= this.limits.maxRows || this.chars >= this.limits.maxChars;
  }

  /** Adds `rows` rows already joined by '\n' (each a clean tab-separated line); true when the part is full. */
  addBlock(block: string, rows: number): boolean {
    this.lines.push(block);
    this.count += rows;
    this.chars += block.length + 1;
    return this.count >= this.limits.maxRows || this.chars >= this.limits.maxChars;
  }

  /**
   * The part of the rows added since the last take (a header-only part for an empty table when
   * `evenIfEmpty`, so the table still shows in the column inventory with 0 rows).
   */
  take(extra?: CellRefiner, evenIfEmpty = false): TextPart | undefined {
    if (this.count === 0 && !(evenIfEmpty && this.parts === 0 && !this.headerSeen)) return undefined;
    const columns = this.columns.slice();
    const header = columns.map((c, i) => cellText(c) || `column${i + 1}`).join('\t');
    const text = this.count ? `${header}\n${this.lines.join('\n')}` : header;
    const rows = this.count;
    const ids = this.ids;
    const key = this.key.filter((k) => k < columns.length);
    const keyNames = key.map((k) => columns[k]);
    const first = this.firstRow + this.rowsTaken;
    let starts: Int32Array | undefined; // line offsets, computed on the first refine (most parts have no finding)
    const lineAt = (i: number): string => text.slice(starts![i], i + 1 < starts!.length ? starts![i + 1] - 1 : text.length);
    const rowId = (index: number): RowId => {
      const explicit = ids?.get(index);
      if (explicit !== undefined) return explicit;
      if (!key.length) return first + index;
      const cells = lineAt(index + 1).split('\t');
      return rowIdOf(keyNames, key.map((k) => cells[k] ?? ''), first + index);
    };
    const part: TextPart = {
      text,
      at: this.at,
      origin: 'database',
      table: { name: this.name, columns, rows },
      record: 'lines',
      refine: (line, col) => {
        if (line < 1 || line - 2 >= rows) return undefined;
        starts ??= lineStarts(text, rows + 1);
        const start = starts[line - 1];
        const end = Math.min(start + Math.max(col - 1, 0), text.length);
        let column = 0;
        let cellStart = start;
        for (let p = text.indexOf('\t', start); p !== -1 && p < end; p = text.indexOf('\t', p + 1)) {
          column++;
          cellStart = p + 1;
        }
        const field = columns[column] ?? `column${column + 1}`;
        // A value in the header row is in a column's name: located by that column, no row.
        if (line === 1) return { field };
        const where: Partial<Location> = { field, row: rowId(line - 2) };
        const more = extra?.(line - 2, column, end - cellStart);
        return more ? { ...where, ...more } : where;
      },
    };
    if (this.parts > 0 || this.headerSeen) part.headerRepeated = true;
    this.parts++;
    this.rowsTaken += rows;
    this.lines = [];
    this.ids = undefined;
    this.count = 0;
    this.chars = 0;
    return part;
  }
}

function lineStarts(text: string, lines: number): Int32Array {
  const starts = new Int32Array(lines);
  let n = 1;
  for (let p = text.indexOf('\n'); p !== -1 && n < lines; p = text.indexOf('\n', p + 1)) starts[n++] = p + 1;
  return starts;
}

/**
 * The row id of a row whose primary key reads `values` (in key order): the value itself for a
 * one-column key (a number when it is a plain safe integer), `a=1,b=2` for a composite key. A key
 * can itself be personal information (a table keyed by ID number, mobile, e-mail or name): the
 * location would then print the full value, so such a row is named by its 1-based row number as `#n`.
 */
export function rowIdOf(names: readonly string[], values: readonly string[], rowNumber: number): RowId {
  for (const v of values) if (keyMayBePersonal(v)) return `#${rowNumber}`;
  if (values.length === 1) return /^-?\d{1,15}$/.test(values[0]) ? Number(values[0]) : values[0];
  return names.map((n, i) => `${n}=${values[i]}`).join(',');
}

/**
 * Whether a primary key may itself be personal information, so that a location must not print it.
 * Keys are printed only when they look like opaque identifiers: an integer (a serial id) that is not
 * shaped like a mobile, an ID or a card, a UUID, a long hex token, or an ISO date or time stamp. Anything else (a name or an
 * address in Chinese, an e-mail, a passport or permit number, a landline, a username) is not
 * printed: this stage cannot ask the detectors which it is, and a row number loses nothing.
 */
export function keyMayBePersonal(text: string): boolean {
  if (/^-?\d{1,10}$/.test(text)) return false;
  if (/^\d{11,}[Xx]?$/.test(text)) return digitRunPersonal(text);
  return !(UUID.test(text) || HEX_TOKEN.test(text) || ISO_DATE.test(text));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX_TOKEN = /^(?=.*[a-f])[0-9a-f]{16,}$/i;
/** A day or a time stamp (a key part of per-day tables); no detector reads a date alone as personal. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;

/** A long integer key is a serial number unless it is shaped like a mobile, a resident ID (checksum) or a card (Luhn). */
function digitRunPersonal(run: string): boolean {
  const n = run.length;
  if (n === 11 && /^1[3-9]/.test(run)) return true;
  if (n === 15) return true;
  if (n === 18 && gb11643Valid(run.toUpperCase())) return true;
  if (n >= 16 && n <= 19 && /^\d+$/.test(run) && luhnValid(run)) return true;
  return false;
}
