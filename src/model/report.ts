import type { ScanError, SkippedPath } from './errors.js';
import type { ReportFinding } from './finding.js';
import type { DetectorId } from './ids.js';
import type { Severity } from './severity.js';
import type { RetentionSummary } from './retention.js';

export interface ScanSummary {
  total: number;
  bySeverity: Partial<Record<Severity, number>>;
  byRule: Record<string, number>;
  byDetector: Record<string, number>;
  /** Paths hidden by .gitignore / .piauditignore (said loudly: an audit must know). */
  ignoredByFiles: number;
  /** Distinct people by resident-ID fingerprint (clear values only). */
  distinctIds: number;
  /**
   * Person inventory (issue #3): per kind of information, how many values, how many distinct
   * (by fingerprint, clear values), how they are masked, and where they are stored (files with
   * the most first). Answers "how many people's IDs do we hold, and where".
   */
  inventory: Partial<Record<DetectorId, InventoryEntry>>;
  /**
   * Column inventory (issue 5, additive): per table column of databases, dumps and sheets that
   * holds personal information, what kinds, how many rows were read and how the values are kept.
   * Absent when no table was scanned.
   */
  columns?: ColumnEntry[];
  /** Findings left out because the baseline (`--baseline FILE`) knows them (additive). */
  baselined?: number;
  /**
   * Retention (issue 6, additive): how many files and tables hold dated unmasked personal
   * information, how many are kept beyond their policy, and the records' ages. Absent when the
   * retention rule is off or met no dated record.
   */
  retention?: RetentionSummary;
}

export interface ColumnEntry {
  /** The file, or the redacted database URL. */
  path: string;
  table: string;
  field: string;
  /** Rows of the table read (all of them, or the sample). */
  rows: number;
  /** Values found per detector. */
  kinds: Partial<Record<DetectorId, number>>;
  clear: number;
  weak: number;
  masked: number;
  /** Share of rows holding a value, 0–1. */
  hitRate: number;
  /** One sentence: `users.id_no: 98 % clear resident IDs`. */
  verdict: string;
}

export interface InventoryEntry {
  values: number;
  clear: number;
  weak: number;
  masked: number;
  /** Distinct clear values (by fingerprint). */
  distinct: number;
  /** Files holding this kind, most values first (at most 50 listed). */
  locations: Array<{ path: string; values: number }>;
  /** Files beyond the 50 listed. */
  moreLocations: number;
}

/** The JSON report, schemaVersion 1 (see schema/report.schema.json). Fields are only ever added. */
export interface Report {
  schemaVersion: 1;
  tool: { name: 'piaudit'; version: string };
  scan: {
    startedAt: string;
    durationMs: number;
    roots: string[];
    filesScanned: number;
    bytesScanned: number;
    skipped: SkippedPath[];
    errors: ScanError[];
    /** True when the scan was interrupted (Ctrl-C) or hit its time budget. */
    partial?: boolean;
    /** Documents (images, PDFs) whose results came from the cache (additive, optional). */
    cachedDocuments?: number;
    /** The config file the scan used (`piaudit.config.json`), absolute path (additive, optional). */
    config?: string;
  };
  summary: ScanSummary;
  findings: ReportFinding[];
}
