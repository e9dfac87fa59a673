import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeDocx, makeXlsx, makeZip } from '../helpers/office-files.js';
import { buildPdf, haveCjkFont, linesPage } from '../helpers/pdf-fixtures.js';
import { makePerson, makeRng, REPO_ROOT, type Person } from '../helpers/synth.js';
import { mysqldump, pgDump } from '../helpers/sql-dumps.js';

/**
 * Documents end to end through the built CLI (issue 4): Office files, archives nested in archives
 * and text PDFs are scanned with their locations (cell, paragraph, member, page), bad documents
 * become error entries, and nothing of a value leaks into the report or the cache.
 */

interface Finding {
  rule: string;
  detector: string | null;
  severity: string;
  location: { path: string; line?: number; col?: number; page?: number; entry?: string; table?: string; field?: string; row?: string | number };
  evidence?: string;
}
interface Report {
  findings: Finding[];
  scan: { errors: Array<{ path: string; message: string }>; skipped: Array<{ path: string; reason: string }>; filesScanned: number };
}

const rng = makeRng(4040);
const people: Person[] = Array.from({ length: 4 }, () => makePerson(rng));
let dir: string;
let home: string;

function tarOf(members: Array<{ name: string; data: Buffer }>): Buffer {
  // A minimal ustar writer (the test builds its input; the product reads tars with tar-stream).
  const blocks: Buffer[] = [];
  for (const m of members) {
    const h = Buffer.alloc(512);
    h.write(m.name, 0, 100, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(m.data.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('14000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\u000000', 257, 'latin1');
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    blocks.push(h, m.data, Buffer.alloc((512 - (m.data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/piaudit.js'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, XDG_CACHE_HOME: path.join(home, 'cache'), XDG_CONFIG_HOME: path.join(home, 'config') },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function scanJson(...paths: string[]): Report {
  const r = run(['scan', ...paths, '--format', 'json', '--fail-on', 'none', '--no-ocr', '--as-of', '2025-01-01']);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const byValue = (report: Report, detector: string) => report.findings.filter((f) => f.detector === detector);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'piaudit-docs-'));
  home = mkdtempSync(path.join(os.tmpdir(), 'piaudit-home-'));
  const [a, b, c, d] = people;
  writeFileSync(
    path.join(dir, 'residents.xlsx'),
    await makeXlsx([{ name: '住户', rows: [['姓名', '身份证号', '手机'], [a.name, a.id, a.mobile], [b.name, b.id, b.mobile]] }]),
  );
  writeFileSync(path.join(dir, 'contract.docx'), await makeDocx({ body: ['租赁合同', `承租人身份证号码：${c.id}`, { table: [['联系人', '电话'], [c.name, c.mobile]] }] }));
  const innerZip = await makeZip([{ name: 'notes/contact.txt', data: `联系电话 ${d.mobile}\n` }]);
  const tgz = gzipSync(tarOf([
    { name: 'var/log/app.log', data: Buffer.from(`2024-01-01 login ok\nuser idcard=${d.id}\n`) },
    { name: 'old/inner.zip', data: innerZip },
  ]));
  writeFileSync(path.join(dir, 'backup.tar.gz'), tgz);
  writeFileSync(path.join(dir, 'truncated.tar.gz'), tgz.subarray(0, Math.floor(tgz.length * 0.6)));
  writeFileSync(path.join(dir, 'corrupt.pdf'), Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a pdf body\n'));
  // A SQLite file with an odd extension, and dumps of the same table (mysqldump, pg_dump, gzipped).
  const Database = (await import('better-sqlite3')).default;
  const sqlite = new Database(path.join(dir, 'app.data'));
  sqlite.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, xm TEXT, sfzh TEXT, shouji INTEGER)');
  const insert = sqlite.prepare('INSERT INTO users VALUES (?, ?, ?, ?)');
  people.forEach((p, i) => insert.run(i + 1, p.name, p.id, BigInt(p.mobile)));
  // Two masked views of one ID in two columns: each hides enough alone, together nothing.
  sqlite.exec('CREATE TABLE kyc (id INTEGER PRIMARY KEY, sfzh_head TEXT, sfzh_tail TEXT)');
  const kyc = sqlite.prepare('INSERT INTO kyc VALUES (?, ?, ?)');
  people.forEach((p, i) => kyc.run(i + 1, p.id.slice(0, 10) + '*'.repeat(8), '*'.repeat(10) + p.id.slice(10)));
  sqlite.close();
  // The same database inside a backup archive, and a WAL-mode one beside it (closed: its pages are
  // in the main file, its header still says WAL).
  const walFile = path.join(home, 'wal.db');
  const wal = new Database(walFile);
  wal.pragma('journal_mode = WAL');
  wal.exec('CREATE TABLE contacts (uid INTEGER PRIMARY KEY, shouji TEXT)');
  wal.prepare('INSERT INTO contacts VALUES (?, ?)').run(7, b.mobile);
  wal.close();
  writeFileSync(path.join(dir, 'site-backup.tar.gz'), gzipSync(tarOf([
    { name: 'srv/app/app.db', data: readFileSync(path.join(dir, 'app.data')) },
    { name: 'srv/app/wal.db', data: readFileSync(walFile) },
    { name: 'srv/app/dump.sql.gz', data: gzipSync(pgDump([{ name: 'staff', columns: [['id', 'int'], ['sfzh', 'char(18)']], key: ['id'], rows: [[1, c.id]] }])) },
  ])));
  const table = { name: 'users', columns: [['id', 'int'], ['xm', 'varchar(20)'], ['sfzh', 'char(18)'], ['shouji', 'bigint']] as Array<[string, string]>, key: ['id'], rows: people.map((p, i) => [i + 1, p.name, p.id, BigInt(p.mobile)]) };
  writeFileSync(path.join(dir, 'backup.sql.gz'), gzipSync(mysqldump([table])));
  writeFileSync(path.join(dir, 'pg.sql'), pgDump([table]));
  if (haveCjkFont()) writeFileSync(path.join(dir, 'form.pdf'), await buildPdf([linesPage(['入住登记表']), linesPage([`身份证号：${a.id}`, `手机：${a.mobile}`])]));
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

describe('documents through the CLI', () => {
  test('a sheet: each value at its cell, under its header', () => {
    const r = scanJson('residents.xlsx');
    const ids = byValue(r, 'cn-id');
    expect(ids.map((f) => f.location.field).sort()).toEqual(['住户!B2', '住户!B3']);
    expect(ids.every((f) => f.rule === 'pi-unmasked' && f.location.path === 'residents.xlsx')).toBe(true);
    expect(byValue(r, 'person-name').map((f) => f.location.field).sort()).toEqual(['住户!A2', '住户!A3']);
    expect(r.findings.filter((f) => f.rule === 'pi-identity-kit')).toHaveLength(2);
  });

  test('a Word file: paragraphs and table cells', () => {
    const r = scanJson('contract.docx');
    expect(byValue(r, 'cn-id').map((f) => f.location.field)).toEqual(['paragraph 2']);
    const mobile = byValue(r, 'cn-mobile');
    expect(mobile).toHaveLength(1);
    expect(mobile[0].location.field).toMatch(/^table 1, row 2, column 2$/);
  });

  test('a SQLite database inside an archive is read in memory: located by member, table, column and row', () => {
    const r = scanJson('site-backup.tar.gz');
    expect(r.scan.errors).toEqual([]);
    expect(r.scan.skipped).toEqual([]);
    const ids = byValue(r, 'cn-id').filter((f) => f.location.table === 'users');
    expect(ids.map((f) => [f.location.entry, f.location.field, f.location.row])).toEqual(people.map((_p, i) => ['srv/app/app.db', 'sfzh', i + 1]));
    const walMobile = byValue(r, 'cn-mobile').filter((f) => f.location.entry === 'srv/app/wal.db');
    expect(walMobile.map((f) => [f.location.table, f.location.field, f.location.row])).toEqual([['contacts', 'shouji', 7]]);
    // A gzipped dump member is parsed from memory like a dump file.
    const dumped = byValue(r, 'cn-id').filter((f) => f.location.entry === 'srv/app/dump.sql.gz');
    expect(dumped.map((f) => [f.location.table, f.location.field, f.location.row])).toEqual([['public.staff', 'sfzh', 1]]);
    expect(JSON.stringify(r)).not.toContain(people[1].mobile);
  });

  test('archives nested in archives: members located as outer!inner, lines kept', () => {
    const r = scanJson('backup.tar.gz');
    const id = byValue(r, 'cn-id');
    expect(id.map((f) => [f.location.path, f.location.entry, f.location.line])).toEqual([['backup.tar.gz', 'var/log/app.log', 2]]);
    const mobile = byValue(r, 'cn-mobile');
    expect(mobile.map((f) => [f.location.entry, f.location.line])).toEqual([['old/inner.zip!notes/contact.txt', 1]]);
  });

  test('a truncated archive: the members before the cut, then an error entry', () => {
    const r = scanJson('truncated.tar.gz');
    expect(r.scan.errors.some((e) => e.path.startsWith('truncated.tar.gz'))).toBe(true);
    expect(byValue(r, 'cn-id').map((f) => f.location.entry)).toEqual(['var/log/app.log']);
  });

  test('a corrupt PDF is an error entry and the scan goes on', () => {
    const r = scanJson('corrupt.pdf', 'contract.docx');
    expect(r.scan.errors.map((e) => e.path)).toContain('corrupt.pdf');
    expect(byValue(r, 'cn-id')).toHaveLength(1);
  });

  test.skipIf(!haveCjkFont())('a text PDF: values with their page numbers', () => {
    const r = scanJson('form.pdf');
    expect(byValue(r, 'cn-id').map((f) => f.location.page)).toEqual([2]);
    expect(byValue(r, 'cn-mobile').map((f) => f.location.page)).toEqual([2]);
  });

  test('no full value in the report, and the scanned files are untouched', () => {
    const before = readdirSync(dir).map((n) => [n, statSync(path.join(dir, n)).mtimeMs]);
    const r = run(['scan', '.', '--format', 'json', '--fail-on', 'none', '--no-ocr']);
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout + r.stderr;
    for (const p of people) for (const v of [p.id, p.mobile, p.name]) expect(out.includes(v), 'a full value leaked').toBe(false);
    expect(readdirSync(dir).map((n) => [n, statSync(path.join(dir, n)).mtimeMs])).toEqual(before);
  });
});

describe('database files through the CLI', () => {
  test.each([
    { file: 'app.data', table: 'users', withLine: false },
    { file: 'backup.sql.gz', table: 'users', withLine: true },
    { file: 'pg.sql', table: 'users', withLine: true },
  ])('$file: IDs by table, column and primary key; rows are records; the column inventory', ({ file, table, withLine }) => {
    const r = scanJson(file);
    const ids = byValue(r, 'cn-id').filter((f) => f.rule === 'pi-unmasked');
    expect(ids.map((f) => [f.location.table?.replace(/^public\./, ''), f.location.field, Number(f.location.row)])).toEqual(people.map((_, i) => [table, 'sfzh', i + 1]));
    expect(ids.every((f) => (f.location.line !== undefined) === withLine)).toBe(true);
    expect(byValue(r, 'cn-mobile').map((f) => f.location.field)).toEqual(people.map(() => 'shouji'));
    expect(r.findings.filter((f) => f.rule === 'pi-identity-kit')).toHaveLength(people.length);
    const cols = (r as unknown as { summary: { columns: Array<{ field: string; rows: number; clear: number }> } }).summary.columns;
    expect(cols.find((c) => c.field === 'sfzh')).toMatchObject({ rows: people.length, clear: people.length });
  });
});

test('columns of one table masked differently: pi-mask-combination per row', () => {
  const r = scanJson('app.data');
  const combos = r.findings.filter((f) => f.rule === 'pi-mask-combination');
  expect(combos).toHaveLength(people.length);
  expect(combos.every((f) => f.location.table === 'kyc')).toBe(true);
  // Each view alone is masked well (info); only the combination is reported above info.
  const views = r.findings.filter((f) => f.location.table === 'kyc' && f.rule !== 'pi-mask-combination');
  expect(views.every((f) => f.rule === 'pi-masked')).toBe(true);
});

describe('cache of slow documents', () => {
  test.skipIf(!haveCjkFont())('a re-scan reuses the result of an unchanged PDF and gives the same findings; the cache holds no value', () => {
    const first = run(['scan', 'form.pdf', '--format', 'json', '--fail-on', 'none', '--as-of', '2025-01-01']);
    const second = run(['scan', 'form.pdf', '--format', 'json', '--fail-on', 'none', '--as-of', '2025-01-01']);
    const a = JSON.parse(first.stdout);
    const b = JSON.parse(second.stdout);
    expect(a.scan.cachedDocuments).toBeUndefined();
    expect(b.scan.cachedDocuments).toBe(1);
    expect(b.findings).toEqual(a.findings);
    const cacheRoot = path.join(home, 'cache', 'piaudit');
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name));
    };
    walk(cacheRoot);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const p of people) for (const v of [p.id, p.mobile, p.name]) expect(text.includes(v), 'a full value in the cache').toBe(false);
      expect(statSync(f).mode & 0o077).toBe(0);
    }
    // --no-cache neither reads nor writes it.
    const third = JSON.parse(run(['scan', 'form.pdf', '--format', 'json', '--fail-on', 'none', '--as-of', '2025-01-01', '--no-cache']).stdout);
    expect(third.scan.cachedDocuments).toBeUndefined();
    expect(third.findings).toEqual(a.findings);
  });
});
