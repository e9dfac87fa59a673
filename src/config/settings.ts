import type { DetectorId, RuleId } from '../model/ids.js';
import type { RetentionOptions } from '../model/retention.js';
import type { Severity } from '../model/severity.js';
import type { Lang } from '../util/lang.js';

/**
 * The settings a `piaudit.config.json` can hold, after validation: sizes in bytes, durations in
 * days, paths that name files or folders made absolute against the config file's folder. The CLI
 * parses its flags into the same shape, so precedence (flag, else config, else default) is one
 * key-by-key choice (merge.ts).
 */
export interface ConfigSettings {
  /** Globs of files to scan; relative to `includeBase` when set, else to each scanned root. */
  include?: string[];
  /** Globs of files and folders to skip; relative to `excludeBase` when set, else to each root. */
  exclude?: string[];
  /** Bytes. */
  maxFileSize?: number;
  ignoreFiles?: boolean;
  defaultExcludes?: boolean;
  failOn?: Severity | 'none';
  minSeverity?: Severity;
  maskThreshold?: number;
  detectors?: DetectorId[];
  lang?: Lang;
  /** Absolute folders ending in `/`, added to the built-in web roots. */
  webRoots?: string[];
  ocr?: boolean;
  cache?: boolean;
  sample?: number;
  full?: boolean;
  schemas?: string[];
  /** Server URLs without passwords (the password comes from PIAUDIT_DB_PASSWORD or a prompt). */
  databases?: string[];
  /** Absolute path of the baseline file. */
  baseline?: string;
  /** Seconds. */
  fileTimeout?: number;
  /** Per rule: `off`, or a severity replacing the rule's own (ESLint-style). */
  rules?: Partial<Record<RuleId, Severity | 'off'>>;
  retention?: RetentionOptions;
}

export type ConfigKey = keyof ConfigSettings;

/**
 * The keys of the config file, in the order `piaudit init` writes them. `$schema` is also
 * accepted (editors use it) and means nothing to piaudit.
 */
export const CONFIG_KEYS = [
  'include', 'exclude', 'maxFileSize', 'ignoreFiles', 'defaultExcludes', 'failOn', 'minSeverity',
  'maskThreshold', 'detectors', 'lang', 'webRoots', 'ocr', 'cache', 'databases', 'schemas', 'sample',
  'full', 'baseline', 'fileTimeout', 'rules', 'retention',
] as const satisfies readonly ConfigKey[];

/** The file name looked for in the scanned folder and its parents. */
export const CONFIG_FILE_NAME = 'piaudit.config.json';

/** A config file found and validated. */
export interface LoadedConfig {
  /** Absolute path of the file. */
  file: string;
  /** Its folder: relative paths and globs in it are relative to this. */
  dir: string;
  settings: ConfigSettings;
}

// Compile-time check that CONFIG_KEYS lists every key of ConfigSettings.
const _everyKeyListed: Record<Exclude<ConfigKey, (typeof CONFIG_KEYS)[number]>, never> = {};
void _everyKeyListed;
