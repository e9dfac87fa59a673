/**
 * The SARIF 2.1.0 writer: the mapping of findings to results (levels, rule indices, locations for
 * files, archive members, database columns and document pages), streaming, and validity against
 * the real validator (@microsoft/sarif-multitool). Unit tests feed synthetic findings whose
 * evidence is already masked; the end-to-end test runs the built CLI on generated people and
 * checks that no full value reaches the log.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import Database from 'better-sqlite3';
import type * as Sarif from 'sarif';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ReportFinding } from '../../src/model/finding.js';
import type { Report } from '../../src/model/report.js';
import { createWriter, FORMATS } from '../../src/reports/index.js';
import { pathToSarifUri, renderSarif, SarifWriter } from '../../src/reports/sarif.js';
import { loadRules } from '../../src/rules/load.js';
import { ensureBuilt, makePerson, makeRng, REPO_ROOT, runCli, type Person } from '../helpers/synth.js';

const MULTITOOL = path.join(REPO_ROOT, 'node_modules', '.bin', 'sarif-multitool');
/** The SARIF 2.1.0 schema (JSON Schema 2020-12) that ships with the multitool's platform package. */
const SARIF_SCHEMA = path.join(REPO_ROOT, 'node_modules', '@microsoft', `sarif-multitool-${process.platform}`, 'sarif-2.1.0.json');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'piaudit-sarif-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Validation {
  errors: string[];
  warnings: Array<{ ruleId: string; text: string }>;
}

/**
 * Runs `sarif-multitool validate` and reads its own SARIF output: the tool exits 0 even when the
 * log breaks the schema, so its results (level error = schema or spec violation) are the verdict.
 */
function validateSarif(text: string, name: string): Validation {
  const input = path.join(tmp, `${name}.sarif`);
  const output = path.join(tmp, `${name}.validation.sarif`);
  writeFileSync(input, text);
  const r = spawnSync(MULTITOOL, ['validate', input, '--output', output, '--log', 'ForceOverwrite'], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`sarif-multitool failed (${r.status}): ${r.stdout}\n${r.stderr}`);
  const log = JSON.parse(readFileSync(output, 'utf8')) as Sarif.Log;
  const results = log.runs[0].results ?? [];
  const summarize = (x: Sarif.Result) => `${x.ruleId} ${JSON.stringify(x.message.arguments ?? x.message.text)}`;
  const failures = (log.runs[0].invocations ?? []).flatMap((i) => [...(i.toolExecutionNotifications ?? []), ...(i.toolConfigurationNotifications ?? [])]).filter((n) => n.level === 'error');
  return {
    errors: [...results.filter((x) => x.level === 'error').map(summarize), ...failures.map((n) => n.message.text ?? '')],
    warnings: results.filter((x) => x.level !== 'error').map((x) => ({ ruleId: x.ruleId ?? '', text: summarize(x) })),
  };
}

type Validate = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null };
let schemaValidator: Validate | undefined;

/**
 * The log against the SARIF schema with ajv. Needed besides the multitool: a value outside an enum
 * (e.g. `"level": "critical"`) makes the multitool fail to read the log and report nothing at all.
 */
function schemaErrors(log: unknown): string[] {
  if (!schemaValidator) {
    // ajv and ajv-formats are CommonJS: depending on the loader the default import is the class or the module.
    const AjvCtor = ((Ajv2020 as unknown as { default?: unknown }).default ?? Ajv2020) as unknown as new (opts: Record<string, unknown>) => { compile(schema: unknown): Validate };
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (ajv: unknown) => void;
    const ajv = new AjvCtor({ allErrors: true, strict: false });
    addFormats(ajv);
    schemaValidator = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')));
  }
  if (schemaValidator(log)) return [];
  return (schemaValidator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

/**
 * SARIF2017 ("region absent") is the only advice we accept: archive members, database columns
 * and document pages have no line of the artifact on disk to point at (see src/reports/sarif.ts).
 */
function expectValid(text: string, name: string): void {
  expect(schemaErrors(JSON.parse(text))).toEqual([]);
  const v = validateSarif(text, name);
  expect(v.errors).toEqual([]);
  expect(v.warnings.filter((w) => w.ruleId !== 'SARIF2017').map((w) => w.text)).toEqual([]);
}

const base = { articles: ['CC-1034', 'CC-1035', 'CC-1038', 'PIPL-51'], candidates: 1, masked: false, confidence: 0.97 };

/** One finding of every shape of location, evidence masked as the pipeline leaves it. */
const FINDINGS: ReportFinding[] = [
  { ...base, rule: 'pi-unmasked', detector: 'cn-id', severity: 'high', location: { path: 'logs/app.log', line: 12, col: 7 }, evidence: '110***********002X', fingerprint: 'a'.repeat(64), message: 'Unmasked resident ID number stored in clear text.' },
  { ...base, rule: 'pi-unmasked', detector: 'cn-mobile', severity: 'medium', location: { path: '客户 资料/名单#1.txt', line: 3, col: 1 }, evidence: '138****8000', fingerprint: 'b'.repeat(64), message: '手机号以明文存储，未做屏蔽。' },
  { ...base, rule: 'pi-weak-mask', detector: 'cn-id', severity: 'low', location: { path: '/srv/export/users.csv', line: 2, col: 19 }, evidence: '110105********002X', masked: true, candidates: 3650, fingerprint: 'c'.repeat(64), message: 'Weakly masked resident ID: only 3,650 values fit.' },
  { ...base, rule: 'pi-unmasked', detector: 'person-name', severity: 'medium', location: { path: 'backup/old.tar.gz', entry: 'home/a/notes.txt', line: 4, col: 9 }, evidence: '王*', fingerprint: 'd'.repeat(64), message: 'Unmasked personal name stored in clear text.' },
  { ...base, rule: 'pi-unmasked', detector: 'cn-id', severity: 'high', location: { path: 'data/app.db', table: 'users', field: 'id_no', row: 17 }, evidence: '110***********002X', fingerprint: 'a'.repeat(64), message: 'Unmasked resident ID number stored in clear text.' },
  { ...base, rule: 'pi-unmasked', detector: 'cn-mobile', severity: 'medium', location: { path: 'mysql://app@db.internal:3306/crm', table: 'crm.customers', field: 'phone', row: 'id=42' }, evidence: '138****8000', fingerprint: 'b'.repeat(64), message: 'Unmasked mobile phone number stored in clear text.' },
  { ...base, rule: 'id-copy-stored', detector: 'cn-id', severity: 'critical', location: { path: 'scans/身份证.pdf', page: 2, line: 5, col: 3, bbox: [120, 340, 410, 36] }, evidence: '110***********002X', fingerprint: 'e'.repeat(64), message: 'Copy of an identity card stored.' },
  { rule: 'pi-identity-kit', detector: null, severity: 'high', articles: ['CC-1034', 'CC-1035', 'PIPL-6'], location: { path: 'logs/app.log', line: 12 }, message: 'Identity kit in one record: name, ID number, phone number together.' },
  { rule: 'pi-masked', detector: 'cn-mobile', severity: 'info', articles: ['CC-1034'], location: { path: 'logs/app.log', line: 20, col: 5 }, evidence: '1**********', masked: true, candidates: 9_000_000_000, fingerprint: 'f'.repeat(64), message: 'Masked mobile number.' },
];

function report(findings: ReportFinding[], scan: Partial<Report['scan']> = {}): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'piaudit', version: '0.1.0' },
    scan: { startedAt: '2025-01-01T08:00:00.000Z', durationMs: 1234, roots: ['.'], filesScanned: 7, bytesScanned: 4096, skipped: [{ path: 'video.mp4', reason: 'binary file' }], errors: [{ path: 'locked.log', message: 'permission denied' }], ...scan },
    summary: { total: findings.length, bySeverity: {}, byRule: {}, byDetector: {}, ignoredByFiles: 0, distinctIds: 0, inventory: {} },
    findings,
  };
}

const parse = (s: string) => JSON.parse(s) as Sarif.Log;

describe('SarifWriter', () => {
  const log = parse(renderSarif(report(FINDINGS), 'en'));
  const run = log.runs[0];
  const results = run.results ?? [];
  const rules = run.tool.driver.rules ?? [];

  test('is a SARIF 2.1.0 log with the tool and every rule of the rule set', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver).toMatchObject({ name: 'piaudit', version: '0.1.0', informationUri: expect.stringMatching(/^https:\/\//) });
    expect(rules.map((r) => r.id)).toEqual(loadRules().map((r) => r.id));
    const unmasked = rules.find((r) => r.id === 'pi-unmasked')!;
    expect(unmasked.shortDescription?.text).toBe('Personal information stored in clear');
    expect(unmasked.fullDescription?.text).toContain('Civil Code Art. 1034');
    expect(unmasked.help?.text).toBe(loadRules()[0].advice.en);
    expect(unmasked.help?.markdown).toContain('> '); // the statute text, quoted
    expect(unmasked.properties).toMatchObject({ articles: ['CC-1034', 'CC-1035', 'CC-1038', 'PIPL-51'], 'security-severity': '5.5', tags: expect.arrayContaining(['security']) });
    expect(unmasked.defaultConfiguration?.level).toBe('warning');
  });

  test('rule texts follow the language', () => {
    const zh = parse(renderSarif(report([]), 'zh')).runs[0].tool.driver;
    const rule = zh.rules!.find((r) => r.id === 'pi-unmasked')!;
    expect(rule.shortDescription?.text).toBe('个人信息明文存储');
    expect(rule.fullDescription?.text).toContain('《民法典》第一千零三十四条');
    expect(zh.language).toBe('zh-CN');
  });

  test('one result per finding, with rule index, level and fingerprint', () => {
    expect(results).toHaveLength(FINDINGS.length);
    for (const [i, r] of results.entries()) {
      expect(rules[r.ruleIndex!].id).toBe(r.ruleId);
      expect(r.ruleId).toBe(FINDINGS[i].rule);
      expect(r.message.text).toBe(FINDINGS[i].message);
    }
    expect(results.map((r) => r.level)).toEqual(['error', 'warning', 'note', 'warning', 'error', 'warning', 'error', 'error', 'note']);
    expect(results[0].partialFingerprints).toEqual({ 'piaudit/v1': 'a'.repeat(64) });
    expect(results[7].partialFingerprints).toBeUndefined();
    expect(results[0].properties).toMatchObject({ severity: 'high', detector: 'cn-id', evidence: '110***********002X', candidates: 1, confidence: 0.97, masked: false });
    expect(results[7].properties).not.toHaveProperty('detector');
  });

  test('a file location has a 1-based region; paths are URI references', () => {
    expect(results[0].locations![0].physicalLocation).toEqual({ artifactLocation: { uri: 'logs/app.log' }, region: { startLine: 12, startColumn: 7 } });
    expect(results[1].locations![0].physicalLocation?.artifactLocation?.uri).toBe('%E5%AE%A2%E6%88%B7%20%E8%B5%84%E6%96%99/%E5%90%8D%E5%8D%95%231.txt');
    expect(results[2].locations![0].physicalLocation?.artifactLocation?.uri).toBe('file:///srv/export/users.csv');
    expect(results[7].locations![0].physicalLocation?.region).toEqual({ startLine: 12 });
    expect(run.columnKind).toBe('utf16CodeUnits');
  });

  test('an archive member: the archive as artifact, the entry as logical location, its line in properties', () => {
    const loc = results[3].locations![0];
    expect(loc.physicalLocation).toEqual({ artifactLocation: { uri: 'backup/old.tar.gz' } });
    expect(loc.logicalLocations).toEqual([{ name: 'notes.txt', fullyQualifiedName: 'home/a/notes.txt', kind: 'resource' }]);
    expect(results[3].properties).toMatchObject({ entry: 'home/a/notes.txt', line: 4, column: 9 });
  });

  test('a database column: table.field as a member, the row in properties', () => {
    const sqlite = results[4].locations![0];
    expect(sqlite.physicalLocation?.artifactLocation?.uri).toBe('data/app.db');
    expect(sqlite.physicalLocation?.region).toBeUndefined();
    expect(sqlite.logicalLocations).toEqual([{ name: 'id_no', fullyQualifiedName: 'users.id_no', kind: 'member' }]);
    expect(results[4].properties).toMatchObject({ table: 'users', field: 'id_no', row: 17 });
    const server = results[5].locations![0];
    expect(server.physicalLocation?.artifactLocation?.uri).toBe('mysql://app@db.internal:3306/crm');
    expect(server.logicalLocations?.[0].fullyQualifiedName).toBe('crm.customers.phone');
  });

  test('a document page: page and box in properties, no region', () => {
    expect(results[6].locations![0].physicalLocation?.region).toBeUndefined();
    expect(results[6].properties).toMatchObject({ page: 2, bbox: [120, 340, 410, 36], line: 5, column: 3 });
  });

  test('scan errors and skipped paths are notifications of the invocation', () => {
    const inv = run.invocations![0];
    expect(inv.executionSuccessful).toBe(true);
    expect(inv.startTimeUtc).toBe('2025-01-01T08:00:00.000Z');
    expect(inv.endTimeUtc).toBe('2025-01-01T08:00:01.234Z');
    expect(inv.toolExecutionNotifications).toEqual([
      { level: 'error', message: { text: 'permission denied' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'locked.log' } } }] },
      { level: 'note', message: { text: 'binary file' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'video.mp4' } } }] },
    ]);
    const partial = parse(renderSarif(report([], { partial: true, errors: [], skipped: [] }), 'en')).runs[0];
    expect(partial.invocations![0].executionSuccessful).toBe(false);
    expect(partial.invocations![0].toolExecutionNotifications).toBeUndefined();
    expect(partial.results).toEqual([]);
  });

  test('streams: the results leave before the scan ends, and nothing is kept per finding', () => {
    const chunks: string[] = [];
    const w = new SarifWriter((s) => chunks.push(s), { name: 'piaudit', version: '0.1.0' }, 'en');
    const n = 3000;
    for (let i = 0; i < n; i++) w.add({ ...FINDINGS[0], location: { path: `logs/app-${i}.log`, line: i + 1, col: 1 } });
    const beforeEnd = chunks.length;
    expect(beforeEnd).toBeGreaterThan(1);
    expect(Object.keys(w).sort()).toEqual(['count', 'out']);
    w.end(report([]));
    const streamed = parse(chunks.join(''));
    expect(streamed.runs[0].results).toHaveLength(n);
    expect(streamed.runs[0].results![n - 1].locations![0].physicalLocation?.region?.startLine).toBe(n);
  });

  test('path to URI', () => {
    expect(pathToSarifUri('a b/c%d?.txt')).toBe('a%20b/c%25d%3F.txt');
    expect(pathToSarifUri('dir\\win.txt')).toBe('dir/win.txt');
    expect(pathToSarifUri('/tmp/x y.log')).toBe('file:///tmp/x%20y.log');
    expect(pathToSarifUri('postgres://ro@pg:5432/app')).toBe('postgres://ro@pg:5432/app');
  });

  test('createWriter knows the format and takes the language', async () => {
    expect(Object.keys(FORMATS)).toContain('sarif');
    let s = '';
    const w = await createWriter('sarif', (c) => (s += c), { name: 'piaudit', version: '0.1.0' }, { color: false, verbose: false, perFile: 50 }, 'zh');
    w.end(report([]));
    expect(parse(s).runs[0].tool.driver.language).toBe('zh-CN');
  });

  test('the validators catch a broken log (so a pass means something)', () => {
    const unknownProperty = parse(renderSarif(report(FINDINGS.slice(0, 1)), 'en'));
    (unknownProperty.runs[0].results![0] as unknown as Record<string, unknown>).severity = 'high';
    expect(validateSarif(JSON.stringify(unknownProperty), 'broken-property').errors.join('\n')).toMatch(/severity/);
    expect(schemaErrors(unknownProperty).join('\n')).toMatch(/additional properties/);
    const badLevel = parse(renderSarif(report(FINDINGS.slice(0, 1)), 'en'));
    (badLevel.runs[0].results![0] as unknown as Record<string, unknown>).level = 'critical';
    expect(schemaErrors(badLevel).join('\n')).toMatch(/results\/0\/level/);
  });

  test('passes the SARIF validator, in English and in Chinese', () => {
    expectValid(renderSarif(report(FINDINGS), 'en'), 'unit-en');
    expectValid(renderSarif(report(FINDINGS, { partial: true }), 'zh'), 'unit-zh');
  });
});

// ---------------------------------------------------------------------------------------------
// End to end: the built CLI on generated people.

describe('piaudit scan --format sarif (built CLI)', () => {
  const rng = makeRng(6106);
  const people: Person[] = Array.from({ length: 6 }, () => makePerson(rng));
  const root = path.join(tmp, 'scanned');
  let sarifText: string;
  let json: { findings: Array<{ fingerprint?: string; rule: string; location: { path: string } }> };

  beforeAll(() => {
    ensureBuilt();
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, 'notes.txt'), people.map((p) => `客户 姓名：${p.name} 身份证号：${p.id} 手机：${p.mobile}`).join('\n') + '\n');
    writeFileSync(path.join(root, '客户 名单.csv'), '姓名,身份证号,手机号\n' + people.map((p) => `${p.name},${p.id},${p.mobile}`).join('\n') + '\n');
    const db = new Database(path.join(root, 'members.db'));
    db.exec('CREATE TABLE members (id INTEGER PRIMARY KEY, name TEXT, id_no TEXT, phone TEXT)');
    const insert = db.prepare('INSERT INTO members (name, id_no, phone) VALUES (?, ?, ?)');
    for (const p of people) insert.run(p.name, p.id, p.mobile);
    db.close();

    const out = path.join(tmp, 'e2e.sarif');
    const r = runCli(['scan', '.', '--format', 'sarif', '--output', out, '--as-of', '2025-01-01'], { cwd: root });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    sarifText = readFileSync(out, 'utf8');
    const j = runCli(['scan', '.', '--format', 'json', '--as-of', '2025-01-01'], { cwd: root });
    json = JSON.parse(j.stdout);
  });

  test('holds the same findings as the JSON report, with relative, encoded URIs', () => {
    const results = parse(sarifText).runs[0].results ?? [];
    expect(results.length).toBeGreaterThan(people.length * 3);
    expect(results.length).toBe(json.findings.length);
    expect(results.map((r) => `${r.ruleId} ${r.partialFingerprints?.['piaudit/v1']}`).sort()).toEqual(json.findings.map((f) => `${f.rule} ${f.fingerprint}`).sort());
    const uris = new Set(results.map((r) => r.locations![0].physicalLocation!.artifactLocation!.uri));
    expect(uris).toEqual(new Set(['notes.txt', encodeURIComponent('客户 名单.csv'), 'members.db']));
    const column = results.find((r) => r.locations![0].logicalLocations?.[0].fullyQualifiedName === 'members.id_no');
    expect(column?.locations![0].logicalLocations?.[0].kind).toBe('member');
  });

  test('no full value in the log', () => {
    for (const p of people) {
      for (const value of [p.id, p.id.toLowerCase(), p.mobile, p.name]) expect(sarifText.includes(value), `${value} leaked`).toBe(false);
    }
  });

  test('passes the SARIF validator', () => {
    expectValid(sarifText, 'e2e');
  });

  test('Chinese rule texts under a Chinese locale', () => {
    const r = runCli(['scan', '.', '--format', 'sarif', '--as-of', '2025-01-01'], { cwd: root, env: { LANG: 'zh_CN.UTF-8' } });
    const log = parse(r.stdout);
    expect(log.runs[0].tool.driver.rules![0].shortDescription?.text).toBe('个人信息明文存储');
    // Names are checked in the results only: the rules' statute texts are Chinese prose.
    const results = JSON.stringify(log.runs[0].results);
    for (const p of people) {
      for (const value of [p.id, p.id.toLowerCase(), p.mobile]) expect(r.stdout.includes(value), `${value} leaked`).toBe(false);
      expect(results.includes(p.name), `${p.name} leaked`).toBe(false);
    }
    expectValid(r.stdout, 'e2e-zh');
  });
});
