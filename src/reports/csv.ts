import type { ReportFinding } from '../model/finding.js';
import type { Report } from '../model/report.js';
import { BufferedOut, type ReportWriter, type TextSink } from './sink.js';

/**
 * The CSV report: one finding per row, for the compliance officer's spreadsheet.
 * - UTF-8 with a byte-order mark: without it Excel reads the file in the system code page and
 *   Chinese messages and paths turn to mojibake.
 * - RFC 4180: CRLF line ends, a header row, fields with a comma, quote, CR or LF quoted and inner
 *   quotes doubled.
 * - Formula injection guard (OWASP "CSV Injection"): evidence, paths, table and field names come
 *   from the scanned data, so a cell that starts with = + - @ TAB or CR gets a leading apostrophe
 *   and a spreadsheet shows it as text instead of running it.
 * The header is English and fixed (a machine-readable contract, like the JSON keys); the messages
 * are in the report's language.
 */

/** Columns in order; `articles` joined with `;` so the cell needs no quoting. */
export const CSV_COLUMNS = [
  'rule', 'detector', 'severity', 'articles', 'path', 'entry', 'line', 'col', 'page', 'table', 'field', 'row',
  'evidence', 'masked', 'candidates', 'fingerprint', 'confidence', 'message',
] as const;

const BOM = '\uFEFF';
const CRLF = '\r\n';
/** Leading characters a spreadsheet reads as a formula (or, for TAB/CR, strips before one). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** A cell as text, defused against formulas and quoted when RFC 4180 requires it. */
export function csvCell(value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null) return '';
  let s = String(value);
  // Numbers we write ourselves (line, confidence…) are never negative, so only text is defused.
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvRow(cells: ReadonlyArray<string | number | boolean | undefined | null>): string {
  return cells.map(csvCell).join(',') + CRLF;
}

function findingCells(f: ReportFinding): Array<string | number | boolean | undefined | null> {
  const l = f.location;
  return [
    f.rule, f.detector, f.severity, f.articles.join(';'), l.path, l.entry, l.line, l.col, l.page, l.table, l.field, l.row,
    f.evidence, f.masked, f.candidates, f.fingerprint, f.confidence, f.message,
  ];
}

/** Streams the CSV: header at once, a row per finding; scan errors have no row (see the JSON report). */
export class CsvWriter implements ReportWriter {
  private readonly out: BufferedOut;

  constructor(write: TextSink) {
    this.out = new BufferedOut(write);
    this.out.push(BOM + csvRow(CSV_COLUMNS));
  }

  add(f: ReportFinding): void {
    this.out.push(csvRow(findingCells(f)));
  }

  end(_report: Report): void {
    this.out.flush();
  }
}

/** The whole CSV as one string (library use and tests). */
export function renderCsv(report: Report): string {
  let s = '';
  const w = new CsvWriter((chunk) => (s += chunk));
  for (const f of report.findings) w.add(f);
  w.end(report);
  return s;
}
