import type { TextPart } from '../../model/document.js';
import type { Location } from '../../model/location.js';

/**
 * Builders that turn rows and paragraphs into TextParts of bounded size. A big sheet is yielded as
 * several parts of at most `maxLines` rows / `maxChars` characters, so memory holds one part at a
 * time whatever the sheet size.
 */

/** Rows per part: a few MB of text for typical sheets, enough to amortise per-part work. */
export const ROWS_PER_PART = 5000;
/** Characters per part, for sheets with very wide rows (same order as the text source's windows). */
export const CHARS_PER_PART = 1 << 20;

export interface PartSize {
  maxLines: number;
  maxChars: number;
}

export const DEFAULT_PART_SIZE: Readonly<PartSize> = Object.freeze({ maxLines: ROWS_PER_PART, maxChars: CHARS_PER_PART });

/**
 * Parts after the first of a split table repeat the table's header row as their line 1, so the
 * column-header logic (which reads a part's first line as its header) still labels their cells.
 * That line was already scanned with the first part: values found on it are duplicates
 * (`TextPart.headerRepeated`).
 */
export function repeatsHeaderLine(part: TextPart): boolean {
  return part.headerRepeated === true;
}

/** One cell's text, made safe for a tab-separated line (a cell's own tabs and line breaks become spaces). */
export function cellText(value: string): string {
  return /[\t\r\n]/.test(value) ? value.replace(/\r\n|[\t\r\n]/g, ' ') : value;
}

/** Cells (possibly sparse) as one tab-separated line; empty cells kept so columns line up, trailing ones dropped. */
export function rowLine(cells: readonly (string | undefined)[]): string {
  let last = cells.length - 1;
  while (last >= 0 && !cells[last]?.trim()) last--;
  if (last < 0) return '';
  let line = '';
  for (let i = 0; i <= last; i++) line += (i ? '\t' : '') + cellText(cells[i] ?? '');
  return line;
}

/** Where the cell at `column` (0-based) of the row labelled `row` is. */
export type CellLocator = (row: number, column: number) => Partial<Location>;

/**
 * Rows of a table (a sheet, a Word table) as tab-separated lines with the header row first.
 * `refine(line, col)` finds the cell by counting the tabs before `col` on that line.
 */
export class TablePartBuilder {
  private lines: string[] = [];
  private labels: number[] = [];
  private chars = 0;
  private header?: { line: string; label: number };
  private parts = 0;
  private readonly ready: TextPart[] = [];

  constructor(
    private readonly locate: CellLocator,
    private readonly at: Partial<Location>,
    private readonly size: Readonly<PartSize> = DEFAULT_PART_SIZE,
  ) {}

  /** Adds a row (1-based label such as the sheet row number); rows with no text are left out. */
  addRow(label: number, cells: readonly (string | undefined)[]): void {
    const line = rowLine(cells);
    if (!line) return;
    if (!this.header) this.header = { line, label };
    else if (this.lines.length === 0) this.push(this.header.line, this.header.label);
    this.push(line, label);
    if (this.lines.length >= this.size.maxLines || this.chars >= this.size.maxChars) this.flush();
  }

  private push(line: string, label: number): void {
    this.lines.push(line);
    this.labels.push(label);
    this.chars += line.length + 1;
  }

  /** Closes the current part (end of the table). */
  flush(): void {
    if (!this.lines.length) return;
    const text = this.lines.join('\n');
    const starts = lineStarts(this.lines);
    const labels = this.labels;
    const locate = this.locate;
    const part: TextPart = {
      text,
      at: this.at,
      origin: 'office',
      record: 'lines',
      refine: (line, col) => {
        const i = line - 1;
        if (i < 0 || i >= labels.length) return undefined;
        let column = 0;
        const end = Math.min(starts[i] + Math.max(col - 1, 0), text.length);
        for (let p = text.indexOf('\t', starts[i]); p !== -1 && p < end; p = text.indexOf('\t', p + 1)) column++;
        return locate(labels[i], column);
      },
    };
    if (this.parts > 0) part.headerRepeated = true;
    this.ready.push(part);
    this.parts++;
    this.lines = [];
    this.labels = [];
    this.chars = 0;
  }

  /** Parts completed so far (handed over once). */
  take(): TextPart[] {
    return this.ready.length ? this.ready.splice(0) : [];
  }
}

/**
 * Lines of running text (paragraphs), each with a label (its paragraph number) that `locate`
 * turns into a location.
 */
export class LinePartBuilder {
  private lines: string[] = [];
  private labels: number[] = [];
  private chars = 0;
  private readonly ready: TextPart[] = [];

  constructor(
    private readonly locate: (label: number) => Partial<Location>,
    private readonly at: Partial<Location>,
    private readonly size: Readonly<PartSize> = DEFAULT_PART_SIZE,
  ) {}

  add(label: number, text: string): void {
    const line = text.replace(/\s+/g, ' ').trim();
    if (!line) return;
    this.lines.push(line);
    this.labels.push(label);
    this.chars += line.length + 1;
    if (this.lines.length >= this.size.maxLines || this.chars >= this.size.maxChars) this.flush();
  }

  flush(): void {
    if (!this.lines.length) return;
    const labels = this.labels;
    const locate = this.locate;
    this.ready.push({
      text: this.lines.join('\n'),
      at: this.at,
      origin: 'office',
      record: 'lines',
      refine: (line) => (line >= 1 && line <= labels.length ? locate(labels[line - 1]) : undefined),
    });
    this.lines = [];
    this.labels = [];
    this.chars = 0;
  }

  take(): TextPart[] {
    return this.ready.length ? this.ready.splice(0) : [];
  }
}

function lineStarts(lines: readonly string[]): Int32Array {
  const starts = new Int32Array(lines.length);
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    starts[i] = at;
    at += lines[i].length + 1;
  }
  return starts;
}

/** Spreadsheet column letters for a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The 0-based column of a cell reference (`C7` → 2, `$AB$12` → 27), or undefined when it is not one. */
export function columnOfRef(ref: string): number | undefined {
  // A hand loop rather than a regex: this runs for every cell of every sheet.
  let n = 0;
  let letters = 0;
  for (let i = 0; i < ref.length; i++) {
    let c = ref.charCodeAt(i);
    if (c === 36 && letters === 0) continue; // leading '$'
    if (c >= 97 && c <= 122) c -= 32;
    if (c >= 65 && c <= 90) {
      if (++letters > 3) return undefined;
      n = n * 26 + (c - 64);
      continue;
    }
    if (letters === 0 || (c !== 36 && (c < 48 || c > 57))) return undefined;
    for (let j = i + (c === 36 ? 1 : 0); j < ref.length; j++) {
      const d = ref.charCodeAt(j);
      if (d < 48 || d > 57) return undefined;
    }
    break;
  }
  return letters ? n - 1 : undefined;
}

/**
 * A sheet name as Excel writes it in a reference: quoted when it holds anything but letters,
 * digits, `_` and `.` (`'Q1 客户'!C7`), with quotes doubled inside.
 */
export function sheetRef(sheet: string, column: number, row: number): string {
  const name = /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${name}!${columnLetters(column)}${row}`;
}

/** The locator of a sheet's cells: `{ field: 'Sheet1!C7', row: 7 }`. */
export function sheetLocator(sheet: string): CellLocator {
  return (row, column) => ({ field: sheetRef(sheet, column, row), row });
}
