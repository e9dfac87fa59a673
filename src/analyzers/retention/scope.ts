import type { Finding } from '../../model/finding.js';
import type { RetentionBasis } from '../../model/retention.js';
import type { TextWindow } from '../../model/source.js';
import { dayOf, dayOfTime } from './dates.js';
import { fileNameDay } from './file-name.js';
import { SourceAges } from './records.js';
import { timestampColumn } from './columns.js';
import { cellDay, HEAD_CHARS, lineTimestamp } from './timestamps.js';

/**
 * What one scanned file (or database server) holds for the retention rule: the dated records
 * holding unmasked personal information, for the file as a whole and per database table. The
 * pipeline opens a scope per walked file, feeds it the findings it already has, and judges it once
 * the file is read (exposed-permissions works the same way).
 *
 * A record is a log line, a table row, an ID-card copy, or a line of a document part. Its date is,
 * in order of preference: its own timestamp (a log line's, a row's timestamp column, an ID copy's
 * annotation), else the date in the file's name (rotated logs, dated backups), else the file's
 * mtime (a file is never older than its last write, so this never makes a record look older than
 * it is).
 *
 * Only values that are kept readable count: a masked value (per the candidate threshold) is not
 * personal information "kept" in the sense of Art. 47; a weak mask and a clear value are.
 * Documented example values (`wellKnown`) are not anybody's information.
 */

/** How a source (a file, an archive member) dates records that carry no date of their own. */
export interface Dating {
  /** The date from the file name or mtime, with its basis; undefined when neither is known (stdin, a --db server). */
  fallback?: { day: number; basis: RetentionBasis };
  /** The day a syslog stamp without a year must not be after (mtime, else the as-of date). */
  notAfter: number;
  /** The timestamp format of the source's previous dated line (see StampContext). */
  hint?: number;
  /** False for a delimited file whose first column is not a time (see StampContext). */
  bareDates?: boolean;
}

/** Where a nested source is, for its dating. */
export interface DatedRef {
  path: string;
  entry?: string;
  mtimeMs?: number;
}

/** Per text source: the last line counted (a huge line spans windows) and its date. */
export interface TextRecordState {
  line: number;
  day?: number;
  basis?: RetentionBasis;
}

/** Bytes of a line's start decoded to find its timestamp: HEAD_CHARS characters of CJK or ASCII are at most 3 bytes each. */
const HEAD_BYTES = HEAD_CHARS * 3;
/** A JSON log keeps its time field anywhere in the object: that far is read when the head has no date. */
const JSON_BYTES = 4096;

function isAscii(b: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] > 0x7f) return false;
  return true;
}

/** A JSON log line opens its object in the head (`{"time":…` or `INFO {…`). */
function hasByte(b: Buffer, byte: number, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] === byte) return true;
  return false;
}

/** Whether a finding is information kept readable (counts for retention). */
export function keptReadable(f: Finding): boolean {
  return f.mask.strength !== 'masked' && !f.facts.wellKnown;
}

/** A clear or weakly masked resident ID or bank card (decisions.md: the expired finding is then high). */
export function isSensitive(f: Finding): boolean {
  return keptReadable(f) && (f.detector === 'cn-id' || f.detector === 'bank-card');
}

export interface TableAges {
  entry?: string;
  table: string;
  ages: SourceAges;
}

export class RetentionScope {
  /** Records of the file outside database tables (lines, document parts, ID copies). */
  readonly file = new SourceAges();
  /** Records of database tables (SQLite, SQL dumps, servers), by entry and table name. */
  readonly tables = new Map<string, TableAges>();
  /** The file holds an ID-card copy (its category is then id-copies). */
  idCopy = false;
  /** The file is a SQLite database or a database server (its category is then databases). */
  database = false;
  /** The tables are a dump's (a backup): rows dated by the file, not by their timestamp columns. */
  backupTables = false;
  private readonly dating = new WeakMap<object, Dating>();

  constructor(
    private readonly asOfDay: number,
    /** The walked file's own mtime: dates a member whose archive records none. */
    private readonly outerMtimeMs?: number,
  ) {}

  /** How `ref` dates records without a date of their own (computed once per ref). */
  datingOf(ref: DatedRef): Dating {
    let d = this.dating.get(ref);
    if (d) return d;
    const name = ref.entry ? ref.entry.slice(ref.entry.lastIndexOf('!') + 1) : ref.path;
    const nameDay = fileNameDay(name);
    const mtimeMs = ref.mtimeMs ?? this.outerMtimeMs;
    const mtimeDay = mtimeMs !== undefined ? dayOfTime(mtimeMs) : undefined;
    const fallback = nameDay !== undefined ? { day: nameDay, basis: 'file-name' as const } : mtimeDay !== undefined ? { day: mtimeDay, basis: 'mtime' as const } : undefined;
    d = { fallback, notAfter: mtimeDay ?? this.asOfDay };
    this.dating.set(ref, d);
    return d;
  }

  /**
   * The lines of a text window that hold kept information, each counted once and dated by its own
   * timestamp. Only these lines are located and parsed: a window without findings costs nothing.
   */
  addTextLines(win: TextWindow, findings: readonly Finding[], dating: Dating, state: TextRecordState): void {
    const b = win.bytes;
    let pos = 0;
    let line = win.firstLine;
    let i = 0;
    while (i < findings.length) {
      const f = findings[i];
      const at = f.location.line;
      if (at === undefined || !keptReadable(f)) {
        i++;
        continue;
      }
      // All findings of this line: one record, sensitive when any of them is.
      let sensitive = false;
      let j = i;
      for (; j < findings.length && findings[j].location.line === at; j++) if (isSensitive(findings[j])) sensitive = true;
      i = j;
      if (at === state.line) {
        // The rest of a line already counted in an earlier window (or earlier in this one).
        if (sensitive) this.file.markSensitive(state.day);
        continue;
      }
      while (line < at) {
        const nl = b.indexOf(10, pos);
        if (nl === -1) break;
        pos = nl + 1;
        line++;
      }
      let day: number | undefined;
      // A window that starts inside a cut line does not hold the line's start: no timestamp of its own.
      if (!(at === win.firstLine && win.firstCol > 0)) {
        let end = b.indexOf(10, pos);
        if (end === -1) end = b.length;
        // Most log heads are ASCII: HEAD_CHARS bytes are HEAD_CHARS characters. Only a head with
        // wider characters (Chinese before the timestamp), or a long JSON line, is decoded further.
        const cut = Math.min(end, pos + HEAD_CHARS);
        day = lineTimestamp(b.toString('latin1', pos, cut), dating);
        if (day === undefined && end > cut && !isAscii(b, pos, cut)) day = lineTimestamp(b.toString('utf8', pos, Math.min(end, pos + HEAD_BYTES)), dating);
        if (day === undefined && end - pos > HEAD_BYTES && hasByte(b, 0x7b, pos, cut)) day = lineTimestamp(b.toString('utf8', pos, Math.min(end, pos + JSON_BYTES)), dating);
      }
      const basis: RetentionBasis | undefined = day !== undefined ? 'log-timestamp' : dating.fallback?.basis;
      if (day === undefined) day = dating.fallback?.day;
      this.file.add(day, basis ?? 'mtime', sensitive);
      state.line = at;
      state.day = day;
      state.basis = basis;
    }
  }

  /**
   * Rows of a database table part holding kept information, dated by the row's value in the
   * table's timestamp column (`updated_at`, `gmt_create`, `创建时间`…), else by the file.
   * `rows` are the part's line numbers (1 = header) with whether the row holds an ID or a card.
   */
  addTableRows(entry: string | undefined, table: string, columns: readonly string[], text: string, rows: ReadonlyMap<number, boolean>, dating: Dating): void {
    const key = `${entry ?? ''}\0${table}`;
    let t = this.tables.get(key);
    if (!t) this.tables.set(key, (t = { ...(entry ? { entry } : {}), table, ages: new SourceAges() }));
    // A dump is a backup: its rows are as old as the backup (its name's date or mtime), whatever
    // their own columns say; old rows of a fresh backup are the live database's matter.
    const column = this.backupTables ? undefined : timestampColumn(columns);
    if (column) t.ages.column = column.name;
    const lines = [...rows.keys()].sort((a, b) => a - b);
    let pos = 0;
    let line = 1;
    for (const at of lines) {
      if (at < 2) continue; // the header labels, it is no row
      while (line < at) {
        const nl = text.indexOf('\n', pos);
        if (nl === -1) break;
        pos = nl + 1;
        line++;
      }
      let day: number | undefined;
      if (column) {
        let end = text.indexOf('\n', pos);
        if (end === -1) end = text.length;
        const cells = text.slice(pos, end).split('\t');
        const cell = cells[column.index];
        if (cell !== undefined) day = cellDay(cell);
      }
      const basis: RetentionBasis | undefined = day !== undefined ? 'column' : dating.fallback?.basis;
      if (day === undefined) day = dating.fallback?.day;
      t.ages.add(day, basis ?? 'mtime', rows.get(at)!);
    }
  }

  /** An ID-card copy: one record, dated by its purpose annotation (`YYYY.MM.DD`) when it has one. */
  addIdCopy(annotationDate: string | undefined, sensitive: boolean, dating: Dating): void {
    this.idCopy = true;
    const m = annotationDate ? /^(\d{4})\.(\d{2})\.(\d{2})$/.exec(annotationDate) : null;
    const day = m ? dayOf(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
    if (day !== undefined) this.file.add(day, 'annotation', sensitive);
    else this.file.add(dating.fallback?.day, dating.fallback?.basis ?? 'mtime', sensitive);
  }

  /**
   * Records of a document part (a page, a sheet, a text layer): one per located line holding kept
   * information, dated by the file. Keyed by location (member, page, line) so that a cached
   * re-scan, which has only the located findings, counts the same records.
   */
  addPartLines(findings: ReadonlyArray<{ location: { entry?: string; page?: number; line?: number }; kept: boolean; sensitive: boolean }>, dating: Dating): void {
    const lines = new Map<string, boolean>();
    for (const f of findings) {
      if (!f.kept) continue;
      const k = `${f.location.entry ?? ''}:${f.location.page ?? 0}:${f.location.line ?? 0}`;
      lines.set(k, (lines.get(k) ?? false) || f.sensitive);
    }
    for (const sensitive of lines.values()) this.file.add(dating.fallback?.day, dating.fallback?.basis ?? 'mtime', sensitive);
  }
}
