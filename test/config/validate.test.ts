/**
 * Issue 6: the config file's validation. Each bad key or value gives one message that names the
 * key (its full path) and its line; good files give the expected ScanOptions. Files are written
 * to a temp folder only.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConfigError, loadConfigFile } from '../../src/config/file.js';
import { mergeSettings, scanOptionsOf } from '../../src/config/merge.js';
import { DEFAULT_WEB_ROOTS } from '../../src/analyzers/exposure.js';
import { parseDuration } from '../../src/config/durations.js';
import { REPO_ROOT } from '../helpers/synth.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'piaudit-config-validate-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` as piaudit.config.json and returns the problems (empty when it loads). */
async function problemsOf(text: string): Promise<string[]> {
  const file = path.join(dir, 'piaudit.config.json');
  writeFileSync(file, text);
  try {
    await loadConfigFile(file, dir);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

async function load(text: string) {
  const file = path.join(dir, 'piaudit.config.json');
  writeFileSync(file, text);
  return loadConfigFile(file, dir);
}

const F = 'piaudit.config.json';

describe('bad keys and values name the key and its line', () => {
  test.each([
    {
      name: 'failOn not a severity',
      text: '{\n  "include": [],\n  "failOn": "severe"\n}',
      expected: `${F}: "failOn" must be one of critical, high, medium, low, info, none (line 3)`,
    },
    { name: 'failOn near miss', text: '{ "failOn": "hihg" }', expected: `${F}: "failOn" must be one of critical, high, medium, low, info, none; did you mean "high"? (line 1)` },
    { name: 'minSeverity none is not allowed', text: '{ "minSeverity": "none" }', expected: `${F}: "minSeverity" must be one of critical, high, medium, low, info (line 1)` },
    {
      name: 'unknown key with a near miss (kebab-case)',
      text: '{\n  // flags are kebab-case, keys camelCase\n  "fail-on": "high"\n}',
      expected: `${F}: unknown key "fail-on"; did you mean "failOn"? (known keys: include, exclude, maxFileSize, ignoreFiles, defaultExcludes, failOn, minSeverity, maskThreshold, detectors, lang, webRoots, ocr, cache, databases, schemas, sample, full, baseline, fileTimeout, rules, retention) (line 3)`,
    },
    {
      name: 'unknown key far from any',
      text: '{ "colour": true }',
      expected: `${F}: unknown key "colour" (known keys: include, exclude, maxFileSize, ignoreFiles, defaultExcludes, failOn, minSeverity, maskThreshold, detectors, lang, webRoots, ocr, cache, databases, schemas, sample, full, baseline, fileTimeout, rules, retention) (line 1)`,
    },
    {
      name: 'a password key',
      text: '{\n  "dbPassword": "x"\n}',
      expected: `${F}: unknown key "dbPassword": never put a password in piaudit.config.json (it is usually committed): set PIAUDIT_DB_PASSWORD in the environment (line 2)`,
    },
    {
      name: 'a database URL with a password',
      text: '{\n  "databases": [\n    "mysql://auditor@db.example.com/shop",\n    "postgres://auditor:hunter2@db.example.com/app"\n  ]\n}',
      expected: `${F}: "databases[1]" holds a password: remove it from the URL and set PIAUDIT_DB_PASSWORD in the environment (the config file is usually committed) (line 4)`,
    },
    {
      name: 'a database URL with a password parameter',
      text: '{ "databases": ["postgres://db.example.com/app?password=x"] }',
      expected: `${F}: "databases[0]" holds a password: remove it from the URL and set PIAUDIT_DB_PASSWORD in the environment (the config file is usually committed) (line 1)`,
    },
    { name: 'include not an array', text: '{ "include": "src/**" }', expected: `${F}: "include" must be an array of strings (line 1)` },
    { name: 'exclude with a number', text: '{ "exclude": ["a/**",\n 3] }', expected: `${F}: "exclude[1]" must be a non-empty string (line 2)` },
    { name: 'maxFileSize not a size', text: '{ "maxFileSize": "big" }', expected: `${F}: "maxFileSize" must be a size such as "500K", "50M", "1G", or a number of bytes (line 1)` },
    { name: 'ignoreFiles as a string', text: '{ "ignoreFiles": "false" }', expected: `${F}: "ignoreFiles" must be true or false (line 1)` },
    { name: 'maskThreshold zero', text: '{ "maskThreshold": 0 }', expected: `${F}: "maskThreshold" must be a positive whole number (line 1)` },
    { name: 'sample a fraction', text: '{ "sample": 2.5 }', expected: `${F}: "sample" must be a positive whole number (line 1)` },
    { name: 'fileTimeout negative', text: '{ "fileTimeout": -1 }', expected: `${F}: "fileTimeout" must be a positive number of seconds (line 1)` },
    { name: 'lang', text: '{ "lang": "fr" }', expected: `${F}: "lang" must be one of zh, en (line 1)` },
    {
      name: 'unknown detector',
      text: '{ "detectors": ["cn-id",\n "cn-mobil"] }',
      expected: `${F}: "detectors[1]" is not a detector id: "cn-mobil"; did you mean "cn-mobile"? (one of cn-id, cn-mobile, cn-landline, cn-address, bank-card, email, cn-passport, hk-id, mo-id, tw-id, cn-permit, person-name) (line 2)`,
    },
    { name: 'baseline empty', text: '{ "baseline": "" }', expected: `${F}: "baseline" must be the path of a baseline file (relative to the config file's folder) (line 1)` },
    {
      name: 'unknown rule',
      text: '{\n  "rules": {\n    "pi-maskd": "off"\n  }\n}',
      expected: `${F}: "rules.pi-maskd" is not a rule id; did you mean "pi-masked"? (piaudit rules lists them: pi-unmasked, pi-masked, pi-weak-mask, pi-mask-combination, pi-identity-kit, retention-expired, id-copy-no-purpose, id-copy-duplicate, id-copy-stored, exposed-permissions) (line 3)`,
    },
    { name: 'rule level ESLint-number', text: '{ "rules": { "pi-masked": 0 } }', expected: `${F}: "rules.pi-masked" must be one of off, critical, high, medium, low, info (line 1)` },
    { name: 'rule level "warn"', text: '{ "rules": { "pi-masked": "warn" } }', expected: `${F}: "rules.pi-masked" must be one of off, critical, high, medium, low, info (line 1)` },
    { name: 'rules not an object', text: '{ "rules": ["pi-masked"] }', expected: `${F}: "rules" must be an object such as { "pi-masked": "off", "pi-weak-mask": "high" } (line 1)` },
    {
      name: 'retention duration',
      text: '{\n  "retention": {\n    "logs": { "maxAge": "6 months" }\n  }\n}',
      expected: `${F}: "retention.logs.maxAge" must be a positive duration such as "90d", "26w", "6mo", "3y", a number of days, or null / "never" for no limit (line 3)`,
    },
    {
      name: 'retention unknown category',
      text: '{ "retention": { "log": { "maxAge": "1y" } } }',
      expected: `${F}: unknown key "retention.log"; did you mean "logs"? (known keys: enabled, paths, logs, backups, id-copies, uploads, exports, databases, other) (line 1)`,
    },
    {
      name: 'retention category key',
      text: '{ "retention": { "logs": { "max-age": "1y" } } }',
      expected: `${F}: unknown key "retention.logs.max-age"; did you mean "maxAge"? (known keys: maxAge, statutoryMinimum) (line 1)`,
    },
    {
      name: 'retention statutory minimum',
      text: '{ "retention": { "logs": { "statutoryMinimum": "network-log" } } }',
      expected: `${F}: "retention.logs.statutoryMinimum" must be one of network-logs, e-commerce, anti-money-laundering; did you mean "network-logs"? (line 1)`,
    },
    {
      name: 'retention path without a glob',
      text: '{ "retention": { "paths": [\n  { "category": "exports", "maxAge": "30d" }\n] } }',
      expected: `${F}: "retention.paths[0].glob" is required (line 2)`,
    },
    {
      name: 'retention path category',
      text: '{ "retention": { "paths": [{ "glob": "x/**", "category": "export" }] } }',
      expected: `${F}: "retention.paths[0].category" must be one of logs, backups, id-copies, uploads, exports, databases, other; did you mean "exports"? (line 1)`,
    },
    { name: 'retention enabled', text: '{ "retention": { "enabled": "yes" } }', expected: `${F}: "retention.enabled" must be true or false (line 1)` },
    { name: 'a key given twice', text: '{\n  "failOn": "high",\n  "failOn": "low"\n}', expected: `${F}: "failOn" is given twice (JSON keeps only one; remove the other) (line 3)` },
    { name: 'not an object', text: '["failOn"]', expected: `${F}: the file must hold one JSON object, such as { "failOn": "high" } (line 1)` },
    { name: 'syntax error', text: '{\n  "failOn": "high"\n  "ocr": false\n}', expected: `${F}: syntax error: comma expected (line 3)` },
  ])('$name', async ({ text, expected }) => {
    expect(await problemsOf(text)).toEqual([expected]);
  });

  test('every problem of a file is reported at once, in file order', async () => {
    const problems = await problemsOf('{\n  "failOn": "x",\n  "ocr": 1,\n  "rules": { "nope": "off" }\n}');
    expect(problems.map((p) => /"([^"]+)"/.exec(p)?.[1])).toEqual(['failOn', 'ocr', 'rules.nope']);
    expect(problems.map((p) => /\(line (\d+)\)$/.exec(p)?.[1])).toEqual(['2', '3', '4']);
  });

  test('every bad entry of a list is named', async () => {
    const problems = await problemsOf('{\n  "detectors": ["cn-idd",\n    "bank-card", "emial"],\n  "databases": ["mysql://a:b@db.example.com/x", "postgres://c:d@db.example.com/y"]\n}');
    expect(problems.map((p) => `${/"([^"]+)"/.exec(p)?.[1]} ${/\(line (\d+)\)$/.exec(p)?.[1]}`)).toEqual(['detectors[0] 2', 'detectors[2] 3', 'databases[0] 4', 'databases[1] 4']);
    expect(problems.join('\n')).not.toMatch(/:b@|:d@/); // the passwords are never echoed
  });

  test.each([{ maxAge: '{ "days": 3 }' }, { maxAge: '["90d"]' }, { maxAge: 'true' }, { maxAge: '-5' }])('retention maxAge $maxAge is refused', async ({ maxAge }) => {
    expect(await problemsOf(`{ "retention": { "logs": { "maxAge": ${maxAge} } } }`)).toEqual([
      `${F}: "retention.logs.maxAge" must be a positive duration such as "90d", "26w", "6mo", "3y", a number of days, or null / "never" for no limit (line 1)`,
    ]);
  });

  test('the error is a FatalError (exit code 2) whose message holds every problem', async () => {
    const file = path.join(dir, 'piaudit.config.json');
    writeFileSync(file, '{ "failOn": "x", "ocr": 1 }');
    const err = await loadConfigFile(file, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).exitCode).toBe(2);
    expect((err as ConfigError).message.split('\n')).toHaveLength(2);
  });
});

describe('good configs become ScanOptions', () => {
  const noFlags = () => false;

  test('comments, trailing commas and every scalar key', async () => {
    const cfg = await load(`// team settings
{
  /* block comments too */
  "$schema": "./node_modules/piaudit/schema/config.schema.json",
  "include": ["src/**"],
  "exclude": ["fixtures/**", "*.min.js"],
  "maxFileSize": "50M",
  "ignoreFiles": false,
  "defaultExcludes": false,
  "failOn": "high",
  "minSeverity": "low",
  "maskThreshold": 5000,
  "detectors": ["cn-id", "bank-card"],
  "lang": "zh",
  "webRoots": ["site/public", "/srv/app/"],
  "ocr": false,
  "cache": false,
  "databases": ["postgres://db.example.com/app"],
  "schemas": ["public"],
  "sample": 200,
  "full": true,
  "baseline": "audit/baseline.json",
  "fileTimeout": 2.5,
  "rules": { "pi-masked": "off", "pi-weak-mask": "high" },
}`);
    const merged = mergeSettings({}, noFlags, cfg.settings);
    expect(merged.settings.failOn).toBe('high');
    expect(merged.settings.baseline).toBe(path.join(dir, 'audit/baseline.json'));
    expect(scanOptionsOf(merged, cfg)).toEqual({
      include: ['src/**'],
      exclude: ['fixtures/**', '*.min.js'],
      includeBase: dir,
      excludeBase: dir,
      maxFileSize: 50 * 1024 * 1024,
      ignoreFiles: false,
      defaultExcludes: false,
      maskThreshold: 5000,
      fileTimeBudgetMs: 2500,
      lang: 'zh',
      minSeverity: 'low',
      detectors: ['cn-id', 'bank-card'],
      ocr: false,
      cache: false,
      databases: ['postgres://db.example.com/app'],
      webRoots: [...DEFAULT_WEB_ROOTS, path.join(dir, 'site/public') + '/', '/srv/app/'],
      schemas: ['public'],
      sample: 200,
      fullTables: true,
      ruleSeverity: { 'pi-masked': 'off', 'pi-weak-mask': 'high' },
      configFile: cfg.file,
    });
  });

  test('null means the built-in default, as if the key were absent', async () => {
    const cfg = await load('{ "maxFileSize": null, "lang": null, "detectors": null, "baseline": null, "fileTimeout": null }');
    expect(cfg.settings).toEqual({});
  });

  test('a database URL with a user but no password is fine', async () => {
    const cfg = await load('{ "databases": ["mysql://auditor@db.example.com:3306/shop"] }');
    expect(cfg.settings.databases).toEqual(['mysql://auditor@db.example.com:3306/shop']);
  });

  test('retention in the user form becomes RetentionOptions in days', async () => {
    const cfg = await load(`{
  "retention": {
    "enabled": true,
    "logs": { "maxAge": "180d", "statutoryMinimum": "network-logs" },
    "backups": { "maxAge": "1y" },
    "id-copies": { "maxAge": "6mo" },
    "uploads": { "maxAge": "never" },
    "exports": { "maxAge": 45 },
    "databases": { "maxAge": null },
    "paths": [
      { "glob": "exports/**", "category": "exports", "maxAge": "30d" },
      { "glob": "legal-hold/**", "maxAge": "never" },
      { "glob": "trades/**", "statutoryMinimum": "anti-money-laundering" }
    ]
  }
}`);
    expect(scanOptionsOf(mergeSettings({}, noFlags, cfg.settings), cfg).retention).toEqual({
      enabled: true,
      categories: {
        logs: { maxAgeDays: 180, statutoryMinimum: 'network-logs' },
        backups: { maxAgeDays: 366 },
        'id-copies': { maxAgeDays: 186 },
        uploads: { maxAgeDays: null },
        exports: { maxAgeDays: 45 },
        databases: { maxAgeDays: null },
      },
      paths: [
        { glob: 'exports/**', category: 'exports', maxAgeDays: 30 },
        { glob: 'legal-hold/**', maxAgeDays: null },
        { glob: 'trades/**', statutoryMinimum: 'anti-money-laundering' },
      ],
    });
  });

  test('a BOM at the start is accepted', async () => {
    expect(await problemsOf('\uFEFF{ "failOn": "none" }')).toEqual([]);
  });
});

describe('durations: rounded up so a limit never falls short', () => {
  test.each([
    { input: '90d', days: 90 },
    { input: '26w', days: 182 },
    { input: '6mo', days: 186 },
    { input: '3y', days: 1098 },
    { input: '1.5y', days: 549 },
    { input: '0.5d', days: 1 },
    { input: ' 2 W ', days: 14 },
    { input: 30, days: 30 },
    { input: 0.2, days: 1 },
    { input: 'never', days: null },
    { input: null, days: null },
  ])('$input → $days', ({ input, days }) => {
    expect(parseDuration(input)).toBe(days);
  });

  test.each(['6 months', '1m', '-3d', 'd', '', '0d', 0, true, -1, Number.NaN, {}])('%s is not a duration', (input) => {
    expect(parseDuration(input)).toBeUndefined();
  });
});

describe('schema/config.schema.json states the same keys as the validator', () => {
  test('its top-level properties are the config keys plus $schema', async () => {
    const { CONFIG_KEYS } = await import('../../src/config/settings.js');
    const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schema/config.schema.json'), 'utf8')) as { properties: Record<string, unknown>; additionalProperties: boolean };
    expect(Object.keys(schema.properties).sort()).toEqual(['$schema', ...CONFIG_KEYS].sort());
    expect(schema.additionalProperties).toBe(false);
  });
});
