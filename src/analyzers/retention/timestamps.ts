import { dayOf, partsOf } from './dates.js';

/**
 * The date of a log line (retention-expired, issue 6): the timestamp at or near the start of the
 * line, in the formats common in server and application logs. Called only for lines that hold a
 * finding, so its cost never reaches the bytes of files without personal information.
 *
 * Where a date may sit decides how much it is trusted. A date WITH a time of day is a timestamp
 * wherever it sits in the line's first {@link HEAD_CHARS} characters (nginx puts the client address
 * first). A date WITHOUT a time (`2024/03/01`, `2024年3月1日`) counts only when it opens the line:
 * later in a line a bare date is as likely a birth date or a due date as the time of the entry.
 * Every date is checked against the calendar and the years {@link MIN_YEAR}–{@link MAX_YEAR}, and
 * a digit or letter next to it blocks it, so IDs, phone numbers, order numbers and versions do not
 * read as dates.
 */

/** How far into a line its timestamp may start (characters). */
export const HEAD_CHARS = 80;

/** How far a JSON log's time field is looked for when the head has no date (characters). */
const JSON_CHARS = 4096;

export interface StampContext {
  /**
   * The day a syslog stamp (`Mar  1 12:00:00`, no year) must not be after: the file's mtime (a
   * line is never written after its file was last modified), else the as-of date.
   */
  notAfter: number;
  /**
   * The format that dated the previous line of the same source (an index into the patterns), set
   * by this function: lines of one log share a format, so it is tried first and the other patterns
   * run only when it fails or something date-like precedes its match.
   */
  hint?: number;
  /**
   * False for a table (CSV) whose first column is not named for a time: a bare date opening its
   * rows is then a birth date or a due date, not the time of the record. Default true.
   */
  bareDates?: boolean;
}

const MON = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const MONTHS: Record<string, number> = { Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12 };

type Reader = (m: RegExpExecArray, ctx: StampContext) => number | undefined;

/** A valid time of day (leap second allowed); a date followed by `25:61` is not a timestamp. */
function timeOk(h: string | undefined, mi: string | undefined, s?: string): boolean {
  if (h === undefined || mi === undefined) return true;
  return Number(h) < 24 && Number(mi) < 60 && (s === undefined || Number(s) <= 60);
}

const ymdReader: Reader = (m) => (timeOk(m[5], m[6], m[7]) ? dayOf(Number(m[1]), Number(m[3]), Number(m[4])) : undefined);

/** Patterns with a time of day: a timestamp anywhere in the head. */
const WITH_TIME: Array<[RegExp, Reader]> = [
  // ISO 8601 and its relatives: 2024-03-01T12:00:00, 2024-03-01 12:00:00,123, 2024/03/01 12:00, 2024.03.01 12:00:00
  [/(?<![\dA-Za-z.\-/])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:T|_|\s+)(\d{1,2}):(\d{2})(?::(\d{2}))?(?!\d)/g, ymdReader],
  // nginx / Apache common log format: [01/Mar/2024:12:00:00 +0800]
  [new RegExp(`(?<![\\dA-Za-z])(\\d{1,2})/(${MON})/(\\d{4}):(\\d{2}):(\\d{2}):(\\d{2})(?!\\d)`, 'g'), (m) => (timeOk(m[4], m[5], m[6]) ? dayOf(Number(m[3]), MONTHS[m[2]], Number(m[1])) : undefined)],
  // Compact: 20240301 120000, 20240301 12:00:00, 20240301T120000 (a separator is required: 14 digits in a row are an order number)
  [/(?<![\dA-Za-z])(\d{4})(\d{2})(\d{2})[ T_](\d{2}):?(\d{2}):?(\d{2})(?!\d)/g, (m) => (timeOk(m[4], m[5], m[6]) ? dayOf(Number(m[1]), Number(m[2]), Number(m[3])) : undefined)],
  // Chinese with a time: 2024年3月1日 12:00:00
  [/(\d{4})年(\d{1,2})月(\d{1,2})日\s*(\d{1,2})[:：时](\d{2})/g, (m) => (timeOk(m[4], m[5]) ? dayOf(Number(m[1]), Number(m[2]), Number(m[3])) : undefined)],
];

/**
 * Patterns that count only at the start of a line (after an opening bracket, quote or a syslog
 * priority): a date without a time, and the syslog stamp.
 */
const AT_START: Array<[RegExp, Reader]> = [
  // 2024-03-01, 2024/03/01, 2024.03.01 (dots only with two-digit month and day: 2024.3.1 is a version)
  // (a time after it is the with-time patterns' to validate: `2024-03-01 25:61:00` is no timestamp)
  [/^(?:<\d{1,3}>)?[\s[("']{0,3}(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?![\d.])(?!(?:T|_|\s+)\d{1,2}:\d{2})/, (m) => dayOf(Number(m[1]), Number(m[3]), Number(m[4]))],
  [/^(?:<\d{1,3}>)?[\s[("']{0,3}(\d{4})(\.)(\d{2})\.(\d{2})(?![\d.])(?!(?:T|_|\s+)\d{1,2}:\d{2})/, (m) => dayOf(Number(m[1]), Number(m[3]), Number(m[4]))],
  // 2024年3月1日
  [/^(?:<\d{1,3}>)?[\s[("'【]{0,3}(\d{4})年(\d{1,2})月(\d{1,2})日/, (m) => dayOf(Number(m[1]), Number(m[2]), Number(m[3]))],
  // syslog (RFC 3164): Mar  1 12:00:00 host app[123]: … (no year: the latest year not after the file's mtime)
  [new RegExp(`^(?:<\\d{1,3}>)?(${MON}) {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2})(?!\\d)`), (m, ctx) => (timeOk(m[3], m[4], m[5]) ? syslogDay(MONTHS[m[1]], Number(m[2]), ctx) : undefined)],
];

interface Pattern {
  re: RegExp;
  read: Reader;
  /** Counts only at the start of the line (the at-start patterns are anchored). */
  atStart: boolean;
  /** A date without a time of day. */
  bare: boolean;
}
const PATTERNS: readonly Pattern[] = [
  // The at-start patterns are the three bare dates, then syslog (which has a time).
  ...AT_START.map(([re, read], i) => ({ re, read, atStart: true, bare: i < 3 })),
  ...WITH_TIME.map(([re, read]) => ({ re, read, atStart: false, bare: false })),
];

/** Anything before a hinted match that could itself start a date: then the full search decides. */
const DATE_LIKE = /\d{4}|年|^(?:<\d{1,3}>)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) /;

/** A JSON log line's time field (Docker's `"time"` comes last, after the message). */
const JSON_TIME = /"(?:@timestamp|timestamp|time|ts|datetime|date|logtime|log_time|created_at|createdAt|create_time)"\s*:\s*(?:"([^"]{8,40})"|(\d{10}(?:\.\d+)?|\d{13})(?![\d.]))/;

/** The year that puts month/day not after `notAfter` (a syslog file written across New Year). */
function syslogDay(month: number, day: number, ctx: StampContext): number | undefined {
  const ref = partsOf(ctx.notAfter);
  const year = month > ref.m || (month === ref.m && day > ref.d) ? ref.y - 1 : ref.y;
  // Feb 29 only exists in leap years: the latest leap year not after the reference.
  for (let y = year; y > year - 8; y--) {
    const d = dayOf(y, month, day);
    if (d !== undefined) return d;
  }
  return undefined;
}

/**
 * The day of a line's timestamp, or undefined when its start holds none.
 * @example lineTimestamp('127.0.0.1 - - [01/Mar/2024:12:00:00 +0800] "GET /"', { notAfter: 20000 }) // day of 2024-03-01
 */
export function lineTimestamp(line: string, ctx: StampContext): number | undefined {
  const head = line.length > HEAD_CHARS ? line.slice(0, HEAD_CHARS) : line;
  const bareDates = ctx.bareDates !== false;
  if (ctx.hint !== undefined && (bareDates || !PATTERNS[ctx.hint].bare)) {
    const p = PATTERNS[ctx.hint];
    p.re.lastIndex = 0;
    const m = p.re.exec(head);
    const day = m ? p.read(m, ctx) : undefined;
    // Taken when nothing before it could start a date (an IP, a level, a thread name).
    if (day !== undefined && (m!.index === 0 || !DATE_LIKE.test(head.slice(0, m!.index + 3)))) return day;
  }
  let best: number | undefined;
  let bestAt = Infinity;
  let bestPattern = -1;
  for (let i = 0; i < PATTERNS.length; i++) {
    const { re, read, atStart, bare } = PATTERNS[i];
    if (bestAt === 0) break; // an at-start date was found: nothing comes before it
    if (bare && !bareDates) continue;
    re.lastIndex = 0;
    for (let m = re.exec(head); m && m.index < bestAt; m = atStart ? null : re.exec(head)) {
      const day = read(m, ctx);
      if (day !== undefined) {
        best = day;
        bestAt = m.index;
        bestPattern = i;
        break;
      }
    }
  }
  if (best !== undefined) {
    ctx.hint = bestPattern; // kept across lines without a date (stack traces) too
    return best;
  }
  if (line.includes('{')) {
    const m = JSON_TIME.exec(line.length > JSON_CHARS ? line.slice(0, JSON_CHARS) : line);
    if (m) return m[1] !== undefined ? cellDay(m[1]) : epochDay(m[2]);
  }
  return undefined;
}

/** Seconds (10 digits, maybe with a fraction) or milliseconds (13 digits) since 1970. */
function epochDay(text: string): number | undefined {
  const ms = text.length === 13 && !text.includes('.') ? Number(text) : Number(text) * 1000;
  if (!Number.isFinite(ms)) return undefined;
  const t = new Date(ms);
  return dayOf(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/**
 * The day of a database cell from a timestamp column (`created_at`, `gmt_create`, `创建时间`):
 * ISO dates and date-times (`2024-03-01 12:00:00+08`), `2024/03/01`, `2024年3月1日`, compact
 * `20240301` / `20240301120000` (common in Chinese systems), and Unix epochs in seconds or
 * milliseconds (what SQLite apps store). The column's name already says it is a time, so whole
 * cells of digits are read here, never in log lines.
 */
export function cellDay(text: string): number | undefined {
  const s = text.trim();
  if (!s) return undefined;
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])/.exec(s) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(s);
  if (m) return dayOf(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})(?:\d{6})?$/.exec(s);
  if (m) return dayOf(Number(m[1]), Number(m[2]), Number(m[3]));
  if (/^\d{9,10}(?:\.\d+)?$|^\d{12,13}$/.test(s)) return epochDay(s.length >= 12 && !s.includes('.') ? s.padStart(13, '0') : s);
  return undefined;
}
