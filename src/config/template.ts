import { DETECTOR_IDS, RULE_IDS } from '../model/ids.js';
import { RETENTION_CATEGORIES, STATUTORY_MINIMUMS } from '../model/retention.js';
import { CONFIG_KEYS, type ConfigKey } from './settings.js';
import { DEFAULT_MASK_THRESHOLD } from '../analyzers/mask-verdict.js';
import { DEFAULT_SERVER_SAMPLE } from '../sources/database/server-types.js';

/** Where `"$schema"` points in a generated file: the copy npm installed beside the project. */
export const SCHEMA_REF = './node_modules/piaudit/schema/config.schema.json';

/**
 * Every key with its default value (as written in JSON) and a one-line comment. `null` stands for
 * a default that is "none" or depends on the machine (the language comes from the locale).
 */
const ENTRIES: Record<ConfigKey, { value: string; comment: string }> = {
  include: { value: '[]', comment: 'only files matching these globs (relative to this folder); [] = everything' },
  exclude: { value: '[]', comment: 'skip files and folders matching these globs (relative to this folder), e.g. "fixtures/**"' },
  maxFileSize: { value: 'null', comment: 'skip files larger than this, e.g. "50M"; null = no limit' },
  ignoreFiles: { value: 'true', comment: 'honour .gitignore and .piauditignore (false = --no-ignore)' },
  defaultExcludes: { value: 'true', comment: 'skip .git and node_modules (false = --no-default-excludes)' },
  failOn: { value: '"low"', comment: 'exit 1 on a finding at or above: critical, high, medium, low, info, none' },
  minSeverity: { value: '"info"', comment: 'leave findings below this severity out of the report' },
  maskThreshold: { value: String(DEFAULT_MASK_THRESHOLD), comment: 'a masked value leaving fewer real candidates than this is a weak mask' },
  detectors: { value: 'null', comment: `only these detectors; null = all: ${DETECTOR_IDS.join(', ')}` },
  lang: { value: 'null', comment: 'language of messages, "zh" or "en"; null = from the locale (LANG)' },
  webRoots: { value: '[]', comment: 'more folders a web server serves (relative to this folder), besides /var/www/, /public/, /uploads/…' },
  ocr: { value: 'true', comment: 'OCR images and scanned PDF pages (false = --no-ocr)' },
  cache: { value: 'true', comment: "reuse results of unchanged images and PDFs from the user's cache folder" },
  databases: { value: '[]', comment: 'servers to scan, e.g. "postgres://db.example.com/app"; never a password here: set PIAUDIT_DB_PASSWORD' },
  schemas: { value: '[]', comment: 'with databases: only these databases/schemas; [] = all' },
  sample: { value: String(DEFAULT_SERVER_SAMPLE), comment: 'with databases: rows read per table (the same rows every run)' },
  full: { value: 'false', comment: 'with databases: read every row instead of a sample' },
  baseline: { value: 'null', comment: 'a baseline file (relative to this folder): only new findings count; null = none' },
  fileTimeout: { value: 'null', comment: 'stop reading one file after this many seconds; null = no limit' },
  rules: { value: '{}', comment: `per rule: "off" or a severity, e.g. { "pi-masked": "off" }; rules: ${RULE_IDS.join(', ')}` },
  retention: { value: '', comment: '' }, // written by hand below: its defaults belong to the retention analyzer
};

/**
 * The commented `piaudit.config.json` that `piaudit init` writes (JSONC: comments are allowed).
 * It loads and validates as it is, and changes nothing from the built-in defaults.
 */
export function configTemplate(): string {
  const lines = [
    '// piaudit configuration (JSON with comments). Flags given on the command line win over this file.',
    '// Paths and globs are relative to this file\'s folder, except retention.paths globs, which are',
    '// relative to the scanned folder. See the README, "Configuration" and "Retention".',
    '{',
    `  "$schema": ${JSON.stringify(SCHEMA_REF)},`,
  ];
  for (const key of CONFIG_KEYS) {
    if (key === 'retention') continue;
    const { value, comment } = ENTRIES[key];
    lines.push(`  // ${comment}`, `  ${JSON.stringify(key)}: ${value},`);
  }
  lines.push(
    '  // How long personal information may be kept (rule retention-expired). The retention rule has its',
    '  // own defaults per kind of source (README, "Configuration"); set only what differs. Kinds:',
    `  // ${RETENTION_CATEGORIES.join(', ')}. maxAge: "90d", "26w", "6mo", "3y", a number of days, or "never".`,
    `  // statutoryMinimum (nothing younger is reported): ${STATUTORY_MINIMUMS.join(', ')}.`,
    '  "retention": {',
    '    "enabled": true',
    '    // "logs": { "maxAge": "180d", "statutoryMinimum": "network-logs" },',
    '    // "paths": [{ "glob": "exports/**", "category": "exports", "maxAge": "30d" }]',
    '  }',
    '}',
    '',
  );
  return lines.join('\n');
}
