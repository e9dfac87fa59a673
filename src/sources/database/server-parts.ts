import { isUtf8 } from 'node:buffer';
import type { TextPart } from '../../model/document.js';
import type { Location } from '../../model/location.js';
import type { DbColumn } from './server-types.js';

/**
 * Rows of a database table as bounded TextParts: line 1 the header (column names), then one line
 * per row, cells tab-separated in header order. A table is cut into parts of at most
 * ROWS_PER_PART rows / CHARS_PER_PART characters, so memory holds one part whatever the table
 * size; later parts repeat the header as line 1 (`headerRepeated`) so cells stay labelled.
 * Unlike sheet rows, empty rows and trailing empty cells are kept: a line is a row, always.
 */

export const ROWS_PER_PART = 5000;
export const CHARS_PER_PART = 1 << 20;
/**
 * A cell's text beyond this many UTF-16 units is cut (and a skip note says so): a 50 MB document
 * stored in a cell would otherwise be one part on its own. A quarter of a part still holds
 * any record-sized value whole.
 */
export const CELL_MAX = 1 << 18;

/** A row's label in locations: its primary-key value, else its 1-based row number in the read. */
export type RowLabel = string | number;

/** Turns one driver value into cell text (see the module comment of server.ts for the rules). */
export function cellValue(value: unknown, column: DbColumn): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    if (column.encoding === 'pg-hex') return bytesText(hexBytes(value));
    return value;
  }
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Buffer.isBuffer(value)) return bytesText(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value === 'boolean') return value ? '1' : '0';
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/** Bytes as text only when they are valid UTF-8 without NUL: anything else is binary, not text. */
function bytesText(b: Buffer): string {
  if (b.length === 0 || b.includes(0) || !isUtf8(b)) return '';
  return b.toString('utf8');
}

function hexBytes(s: string): Buffer {
  // bytea_output = 'hex' is set for the session: `\x` then two hex digits a byte.
  return s.startsWith('\\x') ? Buffer.from(s.slice(2), 'hex') : Buffer.alloc(0);
}

/** A cell made safe for its tab-separated line: own tabs and line breaks become spaces. */
function safeCell(text: string): string {
  return /[\t\r\n]/.test(text) ? text.replace(/\r\n|[\t\r\n]/g, ' ') : text;
}

/** Builds the parts of one table. */
export class DbTableParts {
  private lines: string[] = [];
  private labels: RowLabel[] = [];
  private chars = 0;
  private parts = 0;
  private readonly header: string;
  /** Cells cut at CELL_MAX, for the skip note. */
  cutCells = 0;

  constructor(
    private readonly name: string,
    private readonly columns: readonly string[],
    private readonly at: Partial<Location>,
  ) {
    this.header = columns.map(safeCell).join('\t');
  }

  /** Adds a row; returns a finished part when this one is full. */
  add(cells: readonly string[], label: RowLabel): TextPart | undefined {
    let line = '';
    for (let i = 0; i < cells.length; i++) {
      let c = cells[i];
      if (c.length > CELL_MAX) {
        c = c.slice(0, CELL_MAX);
        this.cutCells++;
      }
      line += (i ? '\t' : '') + safeCell(c);
    }
    this.lines.push(line);
    this.labels.push(label);
    this.chars += line.length + 1;
    return this.lines.length >= ROWS_PER_PART || this.chars >= CHARS_PER_PART ? this.flush() : undefined;
  }

  /** The last, partly filled part (end of the table), if any row is pending. */
  flush(): TextPart | undefined {
    if (!this.lines.length) return undefined;
    const lines = this.lines;
    const labels = this.labels;
    const columns = this.columns;
    const text = this.header + '\n' + lines.join('\n');
    let starts: Int32Array | undefined;
    const part: TextPart = {
      text,
      at: this.at,
      origin: 'database',
      record: 'lines',
      table: { name: this.name, columns: [...columns], rows: lines.length },
      // Most parts hold no finding: line starts are computed on the first refine call only.
      refine: (line, col) => {
        if (line < 1 || line > labels.length + 1) return undefined;
        starts ??= lineStarts(text);
        const start = starts[line - 1];
        const end = Math.min(start + Math.max(col - 1, 0), text.length);
        let column = 0;
        for (let p = text.indexOf('\t', start); p !== -1 && p < end; p = text.indexOf('\t', p + 1)) column++;
        const field = columns[Math.min(column, columns.length - 1)];
        return line === 1 ? { field } : { field, row: labels[line - 2] };
      },
    };
    if (this.parts > 0) part.headerRepeated = true;
    this.parts++;
    this.lines = [];
    this.labels = [];
    this.chars = 0;
    return part;
  }
}

function lineStarts(text: string): Int32Array {
  let n = 1;
  for (let p = text.indexOf('\n'); p !== -1; p = text.indexOf('\n', p + 1)) n++;
  const starts = new Int32Array(n);
  let i = 1;
  for (let p = text.indexOf('\n'); p !== -1; p = text.indexOf('\n', p + 1)) starts[i++] = p + 1;
  return starts;
}
