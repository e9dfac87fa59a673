/**
 * Retention policy (issue 6, `retention-expired`): how long each kind of source may keep personal
 * information. The config file (`retention` key) and the library API both give a
 * `RetentionOptions`; the analyzer merges it over the documented defaults (rules/retention-policy.json).
 */

/** Kinds of source a retention policy distinguishes. */
export const RETENTION_CATEGORIES = ['logs', 'backups', 'id-copies', 'uploads', 'exports', 'databases', 'other'] as const;
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number];

/** Statutory minimum windows (reference 7.3) a user can select by name as a lower bound. */
export const STATUTORY_MINIMUMS = ['network-logs', 'e-commerce', 'anti-money-laundering'] as const;
export type StatutoryMinimum = (typeof STATUTORY_MINIMUMS)[number];

export interface RetentionCategoryOptions {
  /** Oldest allowed age in days; `null` = kept without limit (never reported). */
  maxAgeDays?: number | null;
  /** A statutory minimum the policy cannot go below: nothing younger than it is reported. */
  statutoryMinimum?: StatutoryMinimum;
}

export interface RetentionPathOptions {
  /** Glob (picomatch) matched against the path relative to the scanned root, or an absolute path. */
  glob: string;
  category?: RetentionCategory;
  maxAgeDays?: number | null;
  statutoryMinimum?: StatutoryMinimum;
}

export interface RetentionOptions {
  /** `false` turns the rule off (default on). */
  enabled?: boolean;
  /** Per kind of source, over the defaults. */
  categories?: Partial<Record<RetentionCategory, RetentionCategoryOptions>>;
  /** First matching entry decides a path's category and may set its own limit (before the built-in classification). */
  paths?: RetentionPathOptions[];
}

/** What dated a record: its own log line, the file's dated name, a timestamp column, an ID copy's annotation, the file's mtime. */
export const RETENTION_BASES = ['log-timestamp', 'file-name', 'column', 'annotation', 'mtime'] as const;
export type RetentionBasis = (typeof RETENTION_BASES)[number];

/** Age histogram of the records holding unmasked personal information (summary.retention.ageBuckets). */
export interface RetentionAgeBucket {
  /** `0-90d`, `91-184d`, `185-365d`, `1-2y`, `2-3y`, `3-5y`, `5y+` (ages in days from the as-of date). */
  label: string;
  /** Lowest age in days the bucket holds (inclusive). */
  fromDays: number;
  /** Highest age in days (inclusive); absent for the last bucket. */
  toDays?: number;
  records: number;
}

/** `summary.retention` (additive, optional): present when the retention rule ran and met dated records. */
export interface RetentionSummary {
  /** Sources (files, database tables) holding dated unmasked personal information. */
  sources: number;
  /** Of those, how many hold records older than their policy (one retention-expired finding each). */
  expired: number;
  /** Records holding unmasked personal information by age. */
  ageBuckets: RetentionAgeBucket[];
}
