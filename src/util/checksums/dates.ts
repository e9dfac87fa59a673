/** Calendar helpers shared by the ID detector and the candidate counter. */

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** `YYYYMMDD` as a comparable number, e.g. 19491231. */
export function ymd(date: Date): number {
  return date.getUTCFullYear() * 10000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
}

/** True for a real calendar date `YYYYMMDD` within [min, max] (both inclusive, as numbers). */
export function isRealDate(yyyymmdd: string, min: number, max: number): boolean {
  if (yyyymmdd.length !== 8) return false;
  const n = Number(yyyymmdd);
  if (!Number.isInteger(n) || n < min || n > max) return false;
  const y = Math.floor(n / 10000);
  const m = Math.floor(n / 100) % 100;
  const d = n % 100;
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}
