import type { SourceRef } from '../model/source.js';
import type { ReportFinding } from '../model/finding.js';
import type { Severity } from '../model/severity.js';
import type { RuleId } from '../model/ids.js';
import { FatalError } from '../model/errors.js';
import type { RetentionOptions } from '../model/retention.js';

import type { Lang } from '../rules/load.js';

export type { Lang };

/** Everything a scan needs; the CLI and the library API both build one of these. */
export interface ScanOptions {
  /** Files, directories, globs, or `-` for stdin. Default: the current directory. */
  paths: string[];
  cwd?: string;
  include?: string[];
  exclude?: string[];
  /**
   * Folder the `include` globs are relative to (a config file's folder); default: each scanned
   * root, as for `--include`.
   */
  includeBase?: string;
  /** Folder the `exclude` globs are relative to (a config file's folder); default: each scanned root. */
  excludeBase?: string;
  /** Bytes; files above it are skipped with a reason. Default: no cap. */
  maxFileSize?: number;
  /** Honour .gitignore/.piauditignore (default true). */
  ignoreFiles?: boolean;
  /** Skip .git and node_modules (default true). */
  defaultExcludes?: boolean;
  /** Masking policy: fewer candidates than this = weak (default 10,000). */
  maskThreshold?: number;
  /** Reference date for birth dates and ages (default today); tests pin it. */
  asOf?: Date;
  lang?: Lang;
  /** Lowest severity kept in the report (default info: everything). */
  minSeverity?: Severity;
  /** Only these detector ids (default all). */
  detectors?: string[];
  /** Stop reading one source after this many milliseconds (an error entry says so); default none. */
  fileTimeBudgetMs?: number;
  /** Fingerprint key; default from PIAUDIT_KEY or the key file. */
  key?: Buffer;
  signal?: AbortSignal;
  /**
   * Sources given instead of walking `paths` (the staged content of a commit, `--staged`): each
   * ref carries its bytes; `skipped` and `ignoredByFiles` are reported as the walk's would be.
   */
  sources?: { refs: SourceRef[]; skipped: Array<{ path: string; reason: string }>; ignoredByFiles: number };
  /** Findings already known (`--baseline FILE`): left out of the report, the summary and the exit code. */
  baseline?: { isKnown(f: ReportFinding): boolean };
  /** Path fragments of web roots for exposed-permissions (default: /var/www/, /public/, /uploads/, …). */
  webRoots?: string[];
  /** Database servers to scan (`--db mysql://…`, `postgres://…`), after the paths. */
  databases?: string[];
  /** Only these schemas (databases for MySQL; `schema` or `db.schema` for PostgreSQL). */
  schemas?: string[];
  /** Rows read per server table (deterministic sample; default 1000). */
  sample?: number;
  /** Read every row of server tables instead of a sample (`--full`). */
  fullTables?: boolean;
  /** Asks for a database password (never echoed) when the URL and environment give none. */
  askPassword?: (label: string) => Promise<string>;
  /** Called as the scan goes (per file and per window), for a progress display. */
  onProgress?: (p: { files: number; bytes: number; current?: string; currentBytes?: number; currentSize?: number }) => void;
  /** OCR for images and scanned PDF pages (default true; `--no-ocr`). */
  ocr?: boolean;
  /** Reuse results of unchanged images and PDFs from the user's cache folder (default true; `--no-cache`). */
  cache?: boolean;
  /** Retention policy for `retention-expired` (config file `retention`); defaults in rules/retention-policy.json. */
  retention?: RetentionOptions;
  /**
   * Per rule, ESLint-style (config file `rules`): `off` drops the rule's findings; a severity
   * replaces the one the rule decided. Well-known example values stay at info either way.
   */
  ruleSeverity?: Partial<Record<RuleId, Severity | 'off'>>;
  /** The config file in use, shown in the report as `scan.config`. */
  configFile?: string;
  /** Receives warnings meant for stderr (never values). */
  onWarning?: (message: string) => void;
}

/** `10MB`, `500k`, `1.5G`, `2048` → bytes. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(text);
  if (!m) throw new FatalError(`invalid size "${text}" (use e.g. 500K, 10M, 1G)`);
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return Math.round(Number(m[1]) * mult);
}

/** `2025-01-01` → a UTC date; anything else is a usage error. */
export function parseDate(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text) throw new FatalError(`invalid date "${text}" (use YYYY-MM-DD)`);
  return d;
}

/** Default language from the environment's locale: Chinese when LANG/LC_* says zh. */
export { langFromEnv } from '../util/lang.js';
