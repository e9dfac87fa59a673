/**
 * Retention durations of the config file (`"maxAge": "180d"`) in whole days.
 *
 * Units are calendar-agnostic and rounded up, so a limit written in months or years never falls
 * short of the calendar span it names: a month counts 31 days and a year 366. A policy of "6mo"
 * therefore reports a file only once it is at least 186 days old, never a day early (a report that
 * calls data expired while the law still allows keeping it would be wrong; one a few days late is
 * merely conservative).
 */

/** Days per unit: d, w, mo (31, the longest month), y (366, a leap year). */
export const DAYS_PER_UNIT = { d: 1, w: 7, mo: 31, y: 366 } as const;

const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(d|w|mo|y)\s*$/i;

/** What `parseDuration` accepts, for messages. */
export const DURATION_HELP = 'a positive duration such as "90d", "26w", "6mo", "3y", a number of days, or null / "never" for no limit';

/**
 * `"90d"` → 90, `"26w"` → 182, `"6mo"` → 186, `"3y"` → 1098, `30` → 30 (days), `null` or
 * `"never"` → null (kept without limit). Fractions round up to the next whole day; zero is not
 * a duration.
 * @returns undefined when the value is not a duration (the caller names the key in its error).
 */
export function parseDuration(value: unknown): number | null | undefined {
  if (value === null) return null;
  // Zero is refused: a limit of no days at all would call everything expired, surely a slip.
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? Math.ceil(value) : undefined;
  if (typeof value !== 'string') return undefined;
  if (/^\s*never\s*$/i.test(value)) return null;
  const m = DURATION.exec(value);
  if (!m) return undefined;
  const unit = m[2].toLowerCase() as keyof typeof DAYS_PER_UNIT;
  const days = Math.ceil(Number(m[1]) * DAYS_PER_UNIT[unit]);
  return days > 0 ? days : undefined;
}
