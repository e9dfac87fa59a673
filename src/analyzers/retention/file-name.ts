import { dayOf } from './dates.js';

/**
 * The date in a dated file name: what logrotate's `dateext` and most loggers write
 * (`access.log.2024-03-01.gz`, `app-20240301.log`, `app.log.2024-03-01`, `app.2024-03-01.log`) and
 * what backup and export jobs stamp (`db-20240301.sql.gz`, `export_20240301_1200.csv`). The date
 * is the day the file was cut or written, so it dates the records inside when their lines carry
 * no timestamp of their own.
 *
 * The date must stand between separators (`.`, `_`, `-`, start, end): a date inside a run of
 * digits is part of something else (an ID number in a scan's name, an order number).
 */
const DATED = /(?:^|[._-])((?:19|20)\d{2})([-_.]?)(\d{2})\2(\d{2})(?:[-_T]?\d{4}(?:\d{2})?)?(?=$|[._-])/g;

/** The day of the first valid date in a file's base name, or undefined. */
export function fileNameDay(name: string): number | undefined {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  DATED.lastIndex = 0;
  for (let m = DATED.exec(base); m; m = DATED.exec(base)) {
    const day = dayOf(Number(m[1]), Number(m[3]), Number(m[4]));
    if (day !== undefined) return day;
    DATED.lastIndex = m.index + 1; // `2024-13-45_20240301`: try the next one
  }
  return undefined;
}
