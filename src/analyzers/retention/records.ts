import type { RetentionAgeBucket, RetentionBasis } from '../../model/retention.js';
import { RETENTION_BASES } from '../../model/retention.js';

/**
 * The ages of one source's records that hold unmasked personal information (a log line, a table
 * row, an ID copy), kept as a count per calendar day: memory grows with the number of distinct days
 * (a few thousand at most), never with the number of records, and the policy's limit can be applied
 * after the source is read (an ID copy found late in a file changes its category).
 */
export class SourceAges {
  /** day → [records, bitmask of the bases that dated them]. */
  private readonly byDay = new Map<number, [number, number]>();
  /** Records with no date at all (a database table without timestamp column and without mtime). */
  undated = 0;
  /** The oldest day of a record holding a clear resident ID or bank card (decides high severity). */
  oldestSensitive: number | undefined;
  /** The timestamp column that dated rows (tables), for the message. */
  column: string | undefined;

  add(day: number | undefined, basis: RetentionBasis, sensitive: boolean): void {
    if (day === undefined) {
      this.undated++;
      return;
    }
    const e = this.byDay.get(day);
    const bit = 1 << RETENTION_BASES.indexOf(basis);
    if (e) {
      e[0]++;
      e[1] |= bit;
    } else this.byDay.set(day, [1, bit]);
    if (sensitive) this.markSensitive(day);
  }

  /** A record already counted turns out to hold an ID or a card (the rest of a long line). */
  markSensitive(day: number | undefined): void {
    if (day !== undefined && (this.oldestSensitive === undefined || day < this.oldestSensitive)) this.oldestSensitive = day;
  }

  /** Dated records. */
  get records(): number {
    let n = 0;
    for (const [c] of this.byDay.values()) n += c;
    return n;
  }

  /** Records dated before `cutoff` (older than the policy), the oldest day and the bases that dated them. */
  olderThan(cutoff: number): { records: number; oldest: number | undefined; bases: RetentionBasis[] } {
    let records = 0;
    let oldest: number | undefined;
    let mask = 0;
    for (const [day, [n, bits]] of this.byDay) {
      if (day >= cutoff) continue;
      records += n;
      mask |= bits;
      if (oldest === undefined || day < oldest) oldest = day;
    }
    return { records, oldest, bases: RETENTION_BASES.filter((_, i) => mask & (1 << i)) };
  }

  /** Each day with its record count (for the age histogram). */
  days(): IterableIterator<[number, [number, number]]> {
    return this.byDay.entries();
  }
}

/** Age buckets of the histogram: boundaries a retention policy commonly uses (90 days, 6 months, 1–5 years). */
const BUCKETS: ReadonlyArray<{ label: string; fromDays: number; toDays?: number }> = [
  { label: '0-90d', fromDays: 0, toDays: 90 },
  { label: '91-184d', fromDays: 91, toDays: 184 },
  { label: '185-365d', fromDays: 185, toDays: 365 },
  { label: '1-2y', fromDays: 366, toDays: 730 },
  { label: '2-3y', fromDays: 731, toDays: 1095 },
  { label: '3-5y', fromDays: 1096, toDays: 1826 },
  { label: '5y+', fromDays: 1827 },
];

/** Records of the whole scan by age (summary.retention.ageBuckets). Dates after the as-of date count as age 0. */
export class AgeHistogram {
  private readonly counts = new Array<number>(BUCKETS.length).fill(0);

  constructor(private readonly asOfDay: number) {}

  add(ages: SourceAges): void {
    for (const [day, [n]] of ages.days()) {
      const age = Math.max(0, this.asOfDay - day);
      let i = BUCKETS.findIndex((b) => b.toDays === undefined || age <= b.toDays);
      if (i < 0) i = BUCKETS.length - 1;
      this.counts[i] += n;
    }
  }

  buckets(): RetentionAgeBucket[] {
    return BUCKETS.map((b, i) => ({ ...b, records: this.counts[i] }));
  }
}
