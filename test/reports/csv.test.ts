/**
 * The CSV writer: UTF-8 with BOM, RFC 4180 quoting and CRLF, one finding per row, and the
 * formula-injection guard. Unit tests use synthetic findings with masked evidence; the end-to-end
 * test runs the built CLI on generated people and checks that no full value reaches the file.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ReportFinding } from '../../src/model/finding.js';
import type { Report } from '../../src/model/report.js';
import { CSV_COLUMNS, csvCell, CsvWriter, renderCsv } from '../../src/reports/csv.js';
import { createWriter, FORMATS } from '../../src/reports/index.js';
import { ensureBuilt, makePerson, makeRng, runCli, type Person } from '../helpers/synth.js';

/**
 * A strict RFC 4180 parser (CRLF records, quoted fields with doubled quotes and embedded line
 * breaks): it throws on anything else, so a sloppy writer cannot pass by accident.
 */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const field = (): string => {
    if (text[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            s += '"';
            i += 2;
            continue;
          }
          i++;
          return s;
        }
        s += text[i++];
      }
    }
    const start = i;
    while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
      if (text[i] === '"') throw new Error(`bare quote at ${i}`);
      i++;
    }
    return text.slice(start, i);
  };
  while (i < text.length) {
    row.push(field());
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
      continue;
    }
    throw new Error(`expected , or CRLF at ${i}, got ${JSON.stringify(text.slice(i, i + 10))}`);
  }
  if (row.length) throw new Error('last record has no CRLF');
  return rows;
}

const base = { articles: ['CC-1034', 'CC-1035'], candidates: 1, masked: false, confidence: 0.97 };

const FINDINGS: ReportFinding[] = [
  { ...base, rule: 'pi-unmasked', detector: 'cn-id', severity: 'high', location: { path: 'logs/app.log', line: 12, col: 7 }, evidence: '110***********002X', fingerprint: 'a'.repeat(64), message: 'Unmasked resident ID number stored in clear text.' },
  { ...base, rule: 'pi-unmasked', detector: 'cn-mobile', severity: 'medium', location: { path: '客户资料/名单, "新".txt', line: 3, col: 1 }, evidence: '138****8000', fingerprint: 'b'.repeat(64), message: '手机号以明文存储，未做屏蔽。\n第二行' },
  { ...base, rule: 'pi-unmasked', detector: 'person-name', severity: 'medium', location: { path: 'data/app.db', table: 'users', field: 'name', row: '=1+1' }, evidence: '王*', fingerprint: 'c'.repeat(64), message: 'Unmasked personal name stored in clear text.' },
  { ...base, rule: 'id-copy-stored', detector: 'cn-id', severity: 'critical', location: { path: 'backup/scans.zip', entry: '-身份证.pdf', page: 2 }, evidence: '110***********002X', fingerprint: 'd'.repeat(64), message: 'Copy of an identity card stored.' },
  { rule: 'pi-identity-kit', detector: null, severity: 'high', articles: ['CC-1034', 'PIPL-6'], location: { path: '@evil.txt', line: 1 }, message: 'Identity kit in one record.' },
];

function report(findings: ReportFinding[]): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'piaudit', version: '0.1.0' },
    scan: { startedAt: '2025-01-01T08:00:00.000Z', durationMs: 1, roots: ['.'], filesScanned: 1, bytesScanned: 1, skipped: [], errors: [] },
    summary: { total: findings.length, bySeverity: {}, byRule: {}, byDetector: {}, ignoredByFiles: 0, distinctIds: 0, inventory: {} },
    findings,
  };
}

describe('CsvWriter', () => {
  const text = renderCsv(report(FINDINGS));
  const rows = parseCsv(text.slice(1));
  const byColumn = (row: string[]) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, row[i]]));

  test('UTF-8 with BOM, CRLF, a header row, one row per finding', () => {
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const bytes = Buffer.from(text, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(FINDINGS.length + 1);
    for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
    // Line ends are CRLF; a bare LF appears only inside a quoted message.
    const outsideQuotes = text.replace(/"[^"]*(?:""[^"]*)*"/g, '');
    expect(outsideQuotes.endsWith('\r\n')).toBe(true);
    expect(/[^\r]\n/.test(outsideQuotes)).toBe(false);
  });

  test('round-trips every field, Chinese text intact', () => {
    const first = byColumn(rows[1]);
    expect(first).toEqual({
      rule: 'pi-unmasked', detector: 'cn-id', severity: 'high', articles: 'CC-1034;CC-1035', path: 'logs/app.log', entry: '', line: '12', col: '7', page: '',
      table: '', field: '', row: '', evidence: '110***********002X', masked: 'false', candidates: '1', fingerprint: 'a'.repeat(64), confidence: '0.97',
      message: 'Unmasked resident ID number stored in clear text.',
    });
    const second = byColumn(rows[2]);
    expect(second.path).toBe('客户资料/名单, "新".txt');
    expect(second.message).toBe('手机号以明文存储，未做屏蔽。\n第二行');
    expect(text).toContain('"客户资料/名单, ""新"".txt"');
    const kit = byColumn(rows[5]);
    expect(kit.detector).toBe('');
    expect(kit.evidence).toBe('');
    expect(kit.fingerprint).toBe('');
  });

  test('cells from scanned data that a spreadsheet would run as a formula get an apostrophe', () => {
    expect(byColumn(rows[3]).row).toBe("'=1+1");
    expect(byColumn(rows[3]).field).toBe('name');
    expect(byColumn(rows[4]).entry).toBe("'-身份证.pdf");
    expect(byColumn(rows[5]).path).toBe("'@evil.txt");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+86 138')).toBe("'+86 138");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('\rcmd')).toBe(`"'\rcmd"`);
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(undefined)).toBe('');
  });

  test('streams one row per finding', () => {
    const chunks: string[] = [];
    const w = new CsvWriter((s) => chunks.push(s));
    for (let i = 0; i < 2000; i++) w.add({ ...FINDINGS[0], location: { path: `logs/app-${i}.log`, line: i + 1 } });
    expect(chunks.length).toBeGreaterThan(0);
    w.end(report([]));
    expect(parseCsv(chunks.join('').slice(1))).toHaveLength(2001);
  });

  test('createWriter knows the format', async () => {
    expect(Object.keys(FORMATS)).toContain('csv');
    let s = '';
    const w = await createWriter('csv', (c) => (s += c), { name: 'piaudit', version: '0.1.0' }, { color: false, verbose: false, perFile: 50 });
    w.end(report([]));
    expect(s).toBe('\uFEFF' + CSV_COLUMNS.join(',') + '\r\n');
  });
});

// ---------------------------------------------------------------------------------------------
// End to end: the built CLI on generated people.

describe('piaudit scan --format csv (built CLI)', () => {
  const rng = makeRng(6107);
  const people: Person[] = Array.from({ length: 6 }, () => makePerson(rng));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'piaudit-csv-'));
  const root = path.join(tmp, 'scanned');
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  let csvBytes: Buffer;
  let json: { findings: Array<{ fingerprint?: string; rule: string; location: { path: string } }> };

  beforeAll(() => {
    ensureBuilt();
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, 'notes.txt'), people.map((p) => `客户 姓名：${p.name} 身份证号：${p.id} 手机：${p.mobile}`).join('\n') + '\n');
    writeFileSync(path.join(root, '客户名单.csv'), '姓名,身份证号,手机号\n' + people.map((p) => `${p.name},${p.id},${p.mobile}`).join('\n') + '\n');
    const db = new Database(path.join(root, 'members.db'));
    db.exec('CREATE TABLE members (id INTEGER PRIMARY KEY, name TEXT, id_no TEXT, phone TEXT)');
    const insert = db.prepare('INSERT INTO members (name, id_no, phone) VALUES (?, ?, ?)');
    for (const p of people) insert.run(p.name, p.id, p.mobile);
    db.close();

    const out = path.join(tmp, 'report.csv');
    const r = runCli(['scan', '.', '--format', 'csv', '--output', out, '--as-of', '2025-01-01'], { cwd: root });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    csvBytes = readFileSync(out);
    json = JSON.parse(runCli(['scan', '.', '--format', 'json', '--as-of', '2025-01-01'], { cwd: root }).stdout);
  });

  test('one parsable row per finding of the JSON report, Chinese paths intact', () => {
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(csvBytes.toString('utf8').slice(1));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const body = rows.slice(1);
    expect(body.length).toBeGreaterThan(people.length * 3);
    expect(body.length).toBe(json.findings.length);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(body.map((r) => `${r[col('rule')]} ${r[col('fingerprint')]}`).sort()).toEqual(json.findings.map((f) => `${f.rule} ${f.fingerprint ?? ''}`).sort());
    expect(new Set(body.map((r) => r[col('path')]))).toEqual(new Set(['notes.txt', '客户名单.csv', 'members.db']));
    expect(body.some((r) => r[col('table')] === 'members' && r[col('field')] === 'id_no')).toBe(true);
  });

  test('no full value in the file', () => {
    const text = csvBytes.toString('utf8');
    for (const p of people) {
      for (const value of [p.id, p.id.toLowerCase(), p.mobile, p.name]) expect(text.includes(value), `${value} leaked`).toBe(false);
    }
  });
});
