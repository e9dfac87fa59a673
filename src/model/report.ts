import type { ScanError, SkippedPath } from './errors.js';
import type { ReportFinding } from './finding.js';
import type { Severity } from './severity.js';

export interface ScanSummary {
  total: number;
  bySeverity: Partial<Record<Severity, number>>;
  byRule: Record<string, number>;
  byDetector: Record<string, number>;
  /** Paths hidden by .gitignore / .piauditignore (said loudly: an audit must know). */
  ignoredByFiles: number;
  /** Distinct people by resident-ID fingerprint (clear values only). */
  distinctIds: number;
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
  };
  summary: ScanSummary;
  findings: ReportFinding[];
}
