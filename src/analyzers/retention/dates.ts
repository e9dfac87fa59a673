import { daysInMonth } from '../../util/checksums/dates.js';

/**
 * Calendar days as plain integers (days since 1970-01-01), the unit every retention comparison
 * uses: timestamps in logs are mostly local time without a zone, and a retention period is counted
 * in days, so the time of day and the zone are dropped and a date is compared as a date.
 */

const DAY_MS = 86_400_000;

/** Years a timestamp in data may have: outside this it is a version, a counter or a typo. */
export const MIN_YEAR = 1970;
export const MAX_YEAR = 2099;

/** The day of y-m-d when it is a real calendar date in [MIN_YEAR, MAX_YEAR], else undefined. */
export function dayOf(y: number, m: number, d: number): number | undefined {
  if (!(y >= MIN_YEAR && y <= MAX_YEAR && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m))) return undefined;
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** The UTC calendar day of an instant (asOf, an mtime). */
export function dayOfTime(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** `2024-03-01` for a day (messages and tests; never a value). */
export function dayText(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Year, month (1–12) and day of month of a day. */
export function partsOf(day: number): { y: number; m: number; d: number } {
  const t = new Date(day * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}
