/**
 * Library API: the CLI is one client of it.
 * @example
 *   import { scan } from 'piaudit';
 *   const { report } = await scan({ paths: ['logs/'] });
 */
export { scan, type ScanResult } from './pipeline.js';
export type { ScanOptions, Lang } from './config/options.js';
export type { Report, ScanSummary } from './model/report.js';
export type { RetentionOptions, RetentionCategory, RetentionCategoryOptions, RetentionPathOptions, StatutoryMinimum, RetentionSummary, RetentionAgeBucket } from './model/retention.js';
export { RETENTION_CATEGORIES, STATUTORY_MINIMUMS } from './model/retention.js';
export type { ReportFinding } from './model/finding.js';
export type { Location } from './model/location.js';
export type { Severity } from './model/severity.js';
export { DETECTOR_IDS, RULE_IDS, type DetectorId, type RuleId } from './model/ids.js';
export { NUMERIC_DETECTORS } from './detectors/index.js';
export { defineDetector, type NumericDetector } from './detectors/define.js';
// Config files (piaudit.config.json): find, load and validate one, and turn it into ScanOptions.
export { findConfigFile, loadConfigFile, ConfigError } from './config/file.js';
export { mergeSettings, scanOptionsOf } from './config/merge.js';
export type { ConfigSettings, LoadedConfig } from './config/settings.js';
