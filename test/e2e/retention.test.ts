import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createScratchDatabase, MUST_HAVE_SERVERS, mysqlGate, postgresGate } from '../helpers/db-servers.js';
import { ensureBuilt, makeCard, makeCnId, makeMobile, makeRng, maskId, parseReport, runCli, validateReport } from '../helpers/synth.js';

/**
 * retention-expired through the built CLI (issue 6), on synthetic files written to a temp folder:
 * every expectation below is derived from what the fixture writes (dates, rows, values), with the
 * as-of date pinned. Files are written now, so their mtime is after the as-of date unless a test
 * sets it (the mtime fallback).
 */

const AS_OF = '2025-01-01';
const rng = makeRng(1035);

interface Finding {
  rule: string;
  severity: string;
  detector: string | null;
  location: { path: string; table?: string };
  message: string;
  fingerprint?: string;
  evidence?: string;
}
interface Report {
  findings: Finding[];
  summary: { retention?: { sources: number; expired: number; ageBuckets: Array<{ label: string; fromDays: number; toDays?: number; records: number }> } };
}

let dir: string;
/** Policy files live outside the scanned folder (they would be scanned too). */
let policyDir: string;
/** What each fixture is, for the assertions. */
const fx = {
  oldLog: { file: 'old.log', day: '2023-01-01', ids: [] as string[], lines: 3 },
  recentLog: { file: 'recent.log', day: '2024-12-15' },
  maskedLog: { file: 'masked.log', day: '2023-01-01' },
  phonesLog: { file: 'phones.log', day: '2022-06-30', lines: 2 },
  fiveMonthsLog: { file: 'five-months.log', day: '2024-08-01' },
  fiveMonthsCsv: { file: path.join('exports', 'five-months.csv'), day: '2024-08-01', rows: 2 },
  rotated: { file: 'app.log.2023-03-01', lines: 2 },
  mtimeOld: { file: path.join('exports', 'people.txt'), mtime: new Date(Date.UTC(2024, 5, 1)), lines: 2 },
  mtimeNew: { file: path.join('exports', 'fresh.txt') },
  db: { file: 'app.db', oldRows: 3, newRows: 2, oldest: '2020-02-03' },
  dump: { file: 'shop-2023-06-10.sql', old: '2023-06-10 10:00:00', recent: '2024-12-20 10:00:00', fresh: 'shop-2024-12-31.sql' },
};

function scan(...args: string[]): Report {
  const r = runCli(['scan', '.', '--format', 'json', '--fail-on', 'none', '--as-of', AS_OF, '--no-cache', ...args], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  const report = parseReport<Report>(r);
  expect(validateReport(report)).toEqual([]);
  return report;
}

const retentionOf = (r: Report): Finding[] => r.findings.filter((f) => f.rule === 'retention-expired');
const byPath = (r: Report, p: string): Finding | undefined => retentionOf(r).find((f) => f.location.path === p && !f.location.table);

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(os.tmpdir(), 'piaudit-retention-'));
  policyDir = mkdtempSync(path.join(os.tmpdir(), 'piaudit-retention-policy-'));
  mkdirSync(path.join(dir, 'exports'));
  const w = (file: string, text: string): void => writeFileSync(path.join(dir, file), text);

  // Two years before the as-of date, each line holding a clear synthetic resident ID.
  fx.oldLog.ids = Array.from({ length: fx.oldLog.lines }, () => makeCnId(rng));
  w(fx.oldLog.file, fx.oldLog.ids.map((id, i) => `${fx.oldLog.day} 0${i}:00:00 INFO register user id=${id}`).join('\n') + `\n${fx.oldLog.day} 09:00:00 INFO heartbeat\n`);
  // Old, but every value on it silenced by an inline comment: nothing the report shows, nothing counted.
  w('suppressed.log', `${fx.oldLog.day} 10:00:00 INFO fixture id=${makeCnId(rng)} # piaudit-ignore -- test data\n`);
  w(fx.recentLog.file, `${fx.recentLog.day}T10:00:00 INFO register user id=${makeCnId(rng)} card=${makeCard(rng)}\n`);
  w(fx.maskedLog.file, `${fx.maskedLog.day} 10:00:00 INFO register user id=${maskId(makeCnId(rng), 3, 2)}\n`);
  // nginx lines, phone numbers only: expired but medium.
  w(fx.phonesLog.file, Array.from({ length: fx.phonesLog.lines }, () => `203.0.113.9 - - [30/Jun/2022:12:00:00 +0800] "GET /sms?mobile=${makeMobile(rng)} HTTP/1.1" 200 12`).join('\n') + '\n');
  w(fx.fiveMonthsLog.file, `${fx.fiveMonthsLog.day} 10:00:00 INFO user id=${makeCnId(rng)}\n`);
  // Rows opening with a birth date: not the time of the record (the file is new: nothing expired).
  w(path.join('exports', 'birthdays.csv'), `birthday,id\n1990-03-07,${makeCnId(rng)}\n`);
  w(fx.fiveMonthsCsv.file, `date,id\n` + Array.from({ length: fx.fiveMonthsCsv.rows }, () => `${fx.fiveMonthsCsv.day},${makeCnId(rng)}`).join('\n') + '\n');
  // A rotated log whose lines carry no timestamp: dated by its name.
  w(fx.rotated.file, Array.from({ length: fx.rotated.lines }, () => `user id=${makeCnId(rng)}`).join('\n') + '\n');
  // No dates inside: the mtime decides.
  w(fx.mtimeOld.file, Array.from({ length: fx.mtimeOld.lines }, () => `contact ${makeMobile(rng)}`).join('\n') + '\n');
  utimesSync(path.join(dir, fx.mtimeOld.file), fx.mtimeOld.mtime, fx.mtimeOld.mtime);
  w(fx.mtimeNew.file, `contact ${makeMobile(rng)}\n`);

  // A SQLite table: rows holding IDs, some created long ago; an old table without personal information.
  const db = new Database(path.join(dir, fx.db.file));
  db.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, note TEXT, id_no TEXT, created_at TEXT)');
  db.exec('CREATE TABLE settings (k TEXT, v TEXT, created_at TEXT)');
  const ins = db.prepare('INSERT INTO users (note, id_no, created_at) VALUES (?, ?, ?)');
  const oldDays = ['2021-05-06 10:00:00', fx.db.oldest + ' 08:30:00', '2021-11-30 23:59:59'];
  for (let i = 0; i < fx.db.oldRows; i++) ins.run('old customer', makeCnId(rng), oldDays[i % oldDays.length]);
  for (let i = 0; i < fx.db.newRows; i++) ins.run('new customer', makeCnId(rng), '2024-11-20 09:00:00');
  ins.run('masked', maskId(makeCnId(rng), 3, 2), '2019-01-01 00:00:00'); // old but masked: not counted
  db.prepare('INSERT INTO settings VALUES (?, ?, ?)').run('theme', 'dark', '2018-01-01 00:00:00');
  db.close();

  // Two mysqldumps: backups (365 days), dated by their names whatever their rows' gmt_create says;
  // phones only, so medium. The fresh one holds an old row: not an old backup.
  for (const file of [fx.dump.file, fx.dump.fresh]) {
    w(
      file,
      [
        'CREATE TABLE `orders` (`id` int NOT NULL, `phone` varchar(20), `gmt_create` datetime, PRIMARY KEY (`id`));',
        `INSERT INTO \`orders\` VALUES (1,'${makeMobile(rng)}','${fx.dump.old}'),(2,'${makeMobile(rng)}','${fx.dump.recent}');`,
        '',
      ].join('\n'),
    );
  }
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (policyDir) rmSync(policyDir, { recursive: true, force: true });
});

describe('retention-expired through the CLI', () => {
  let report: Report;
  beforeAll(() => {
    report = scan();
  });

  test('a log whose lines holding IDs are two years old is flagged high, with count, oldest date and basis, never a value', () => {
    const f = byPath(report, fx.oldLog.file)!;
    expect(f).toMatchObject({ severity: 'high', detector: null, location: { path: fx.oldLog.file } });
    expect(f.evidence).toBeUndefined();
    expect(f.message).toContain(`${fx.oldLog.lines} of ${fx.oldLog.lines} records`);
    expect(f.message).toContain(fx.oldLog.day);
    expect(f.message).toContain('log timestamps');
    for (const id of fx.oldLog.ids) expect(f.message).not.toContain(id);
  });

  test('a recent log, and an old log with only masked values, are not flagged', () => {
    expect(byPath(report, fx.recentLog.file)).toBeUndefined();
    expect(byPath(report, fx.maskedLog.file)).toBeUndefined();
    // The masked value is still reported as masked: the file was read.
    expect(report.findings.some((f) => f.location.path === fx.maskedLog.file && f.rule === 'pi-masked')).toBe(true);
  });

  test('a CSV whose rows open with a birth date is dated by the file, not by the birth dates', () => {
    expect(byPath(report, 'exports/birthdays.csv')).toBeUndefined();
  });

  test('values silenced by an inline comment are not counted', () => {
    expect(byPath(report, 'suppressed.log')).toBeUndefined();
    expect(report.findings.filter((f) => f.location.path === 'suppressed.log')).toEqual([]);
  });

  test('expired records without IDs or cards are medium (nginx timestamps)', () => {
    const f = byPath(report, fx.phonesLog.file)!;
    expect(f.severity).toBe('medium');
    expect(f.message).toContain('2022-06-30');
    expect(f.message).toContain(`${fx.phonesLog.lines} of ${fx.phonesLog.lines} records`);
  });

  test('a rotated log without timestamps is dated by its name; a file without dates by its mtime', () => {
    const rotated = byPath(report, fx.rotated.file)!;
    expect(rotated.message).toContain('2023-03-01');
    expect(rotated.message).toContain('date in the file name');
    const old = byPath(report, fx.mtimeOld.file)!;
    expect(old.message).toContain(fx.mtimeOld.mtime.toISOString().slice(0, 10));
    expect(old.message).toContain('file modification time');
    expect(byPath(report, fx.mtimeNew.file)).toBeUndefined();
  });

  test('a SQLite table is judged by the created_at of the rows holding unmasked IDs', () => {
    const tables = retentionOf(report).filter((f) => f.location.path === fx.db.file);
    expect(tables.map((f) => f.location.table)).toEqual(['users']); // settings holds no personal information
    const f = tables[0];
    expect(f.severity).toBe('high');
    expect(f.message).toContain(`${fx.db.oldRows} of ${fx.db.oldRows + fx.db.newRows} records`);
    expect(f.message).toContain(fx.db.oldest);
    expect(f.message).toContain('column created_at');
  });

  test('a SQL dump is a backup: its table rows are as old as the backup, whatever their own timestamp columns say', () => {
    const f = retentionOf(report).find((x) => x.location.path === fx.dump.file)!;
    expect(f.location.table).toBe('orders');
    expect(f.severity).toBe('medium');
    expect(f.message).toMatch(/^Backup \(table orders\) kept longer than the retention policy allows \(365 days\)/);
    expect(f.message).toContain(`2 of 2 records`);
    expect(f.message).toContain('2023-06-10');
    expect(f.message).toContain('date in the file name');
    expect(f.message).not.toContain('gmt_create');
    // Last night's backup holding a row created long ago is not an old backup.
    expect(retentionOf(report).filter((x) => x.location.path === fx.dump.fresh)).toEqual([]);
  });

  test('summary.retention counts sources, expired ones and records by age', () => {
    const s = report.summary.retention!;
    const expired = retentionOf(report).length;
    expect(s.expired).toBe(expired);
    expect(s.sources).toBeGreaterThan(expired);
    const total = s.ageBuckets.reduce((n, b) => n + b.records, 0);
    // Records: old log 3, recent 1, phones 2, five-months log 1, csv 2, birthdays 1, rotated 2, mtime 2 + 1, db 3 + 2, dumps 2 + 2.
    expect(total).toBe(fx.oldLog.lines + 1 + fx.phonesLog.lines + 1 + fx.fiveMonthsCsv.rows + 1 + fx.rotated.lines + fx.mtimeOld.lines + 1 + fx.db.oldRows + fx.db.newRows + 2 + 2);
    const bucketOf = (days: number) => s.ageBuckets.find((b) => days >= b.fromDays && (b.toDays === undefined || days <= b.toDays))!;
    // 2023-01-01 is 731 days before 2025-01-01.
    expect(bucketOf(731).records).toBeGreaterThanOrEqual(fx.oldLog.lines);
  });
});

describe('policies', () => {
  test('a log 5 months old under a 90-day policy is not flagged: the network-logs minimum (184 days) applies; an export is', () => {
    // The policy is the config file's `retention` key.
    const policy = path.join(policyDir, 'policy-90.json');
    writeFileSync(policy, JSON.stringify({ retention: { logs: { maxAge: '90d' } } }));
    try {
      const r = scan('--config', policy);
      expect(byPath(r, fx.fiveMonthsLog.file)).toBeUndefined();
      const csv = byPath(r, fx.fiveMonthsCsv.file);
      expect(csv?.message).toContain('(90 days)');
      // The old log is still past 184 days.
      expect(byPath(r, fx.oldLog.file)?.message).toContain('184 days');
    } finally {
      rmSync(policy, { force: true });
    }
  });

  test('a path glob sets its own limit; null means no limit', () => {
    const policy = path.join(policyDir, 'policy-paths.json');
    writeFileSync(policy, JSON.stringify({ retention: { paths: [{ glob: 'old.log', maxAge: null }, { glob: '*.log', category: 'other', maxAge: '800d' }] } }));
    try {
      const r = scan('--config', policy);
      expect(byPath(r, fx.oldLog.file)).toBeUndefined(); // first entry: no limit
      // 2022-06-30 is 916 days before the as-of date: past 800, and `other` carries no minimum.
      expect(byPath(r, fx.phonesLog.file)?.message).toContain('File kept longer than the retention policy allows (800 days)');
      expect(byPath(r, fx.recentLog.file)).toBeUndefined();
    } finally {
      rmSync(policy, { force: true });
    }
  });

  test('--no-retention and enabled=false turn the rule off', () => {
    const off = scan('--no-retention');
    expect(retentionOf(off)).toEqual([]);
    expect(off.summary.retention).toBeUndefined();
    const policy = path.join(policyDir, 'policy-off.json');
    writeFileSync(policy, JSON.stringify({ retention: { enabled: false } }));
    try {
      expect(retentionOf(scan('--config', policy))).toEqual([]);
    } finally {
      rmSync(policy, { force: true });
    }
  });

  test('the rule set off in the config is the policy off; the summary counts only findings the report shows', () => {
    const off = path.join(policyDir, 'rule-off.json');
    writeFileSync(off, JSON.stringify({ rules: { 'retention-expired': 'off' } }));
    const low = path.join(policyDir, 'rule-low.json');
    writeFileSync(low, JSON.stringify({ rules: { 'retention-expired': 'low' } }));
    try {
      const r = scan('--config', off);
      expect(retentionOf(r)).toEqual([]);
      expect(r.summary.retention).toBeUndefined();
      // Lowered to low and hidden by --min-severity medium: judged, but not counted as expired.
      const hidden = scan('--config', low, '--min-severity', 'medium');
      expect(retentionOf(hidden)).toEqual([]);
      expect(hidden.summary.retention?.expired).toBe(0);
      const shown = scan('--config', low);
      expect(shown.summary.retention?.expired).toBe(retentionOf(shown).length);
      expect(retentionOf(shown).length).toBeGreaterThan(0);
    } finally {
      rmSync(off, { force: true });
      rmSync(low, { force: true });
    }
  });

  test('a broken retention policy in the config is a usage error naming the key', () => {
    const policy = path.join(policyDir, 'policy-bad.json');
    writeFileSync(policy, JSON.stringify({ retention: { logs: { maxAge: 'soon' } } }));
    try {
      const r = runCli(['scan', '.', '--config', policy], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('retention.logs.maxAge');
    } finally {
      rmSync(policy, { force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Database servers (--db): rows dated by their own columns, the last update before the creation.

const gates = { mysql: await mysqlGate(), postgres: await postgresGate() };

for (const kind of ['mysql', 'postgres'] as const) {
  const gate = gates[kind];
  describe.skipIf(!(gate.up || MUST_HAVE_SERVERS))(`--db ${kind}: rows dated by their timestamp columns`, () => {
    let url: string;
    let drop: (() => Promise<void>) | undefined;
    // Created long ago; some updated recently (still in use), some not (expired under the 1096-day default).
    const rows = [
      [1, makeCnId(rng), '2019-03-01 10:00:00', '2019-03-02 10:00:00'],
      [2, makeCnId(rng), '2019-04-01 10:00:00', '2024-12-01 10:00:00'],
      [3, makeCnId(rng), '2020-05-01 10:00:00', '2020-06-15 10:00:00'],
      [4, makeCnId(rng), '2018-01-01 10:00:00', '2024-11-30 10:00:00'],
    ] as const;
    const expired = rows.filter((r) => r[3] < '2022-01-01');

    beforeAll(async () => {
      if (!gate.up) throw new Error(gate.message); // under CI a missing server fails
      ({ url, drop } = await createScratchDatabase(kind, 'piaudit_ret', [
        { name: 'members', mysql: 'id INT PRIMARY KEY, sfzh CHAR(18), created_at DATETIME, updated_at DATETIME', postgres: 'id INT PRIMARY KEY, sfzh TEXT, created_at TIMESTAMP, updated_at TIMESTAMPTZ', rows },
      ]));
    }, 60_000);

    afterAll(async () => {
      await drop?.();
    });

    test('one finding for the table, counting the rows whose last update is past the policy', () => {
      const r = runCli(['scan', '--db', url, '--full', '--format', 'json', '--fail-on', 'none', '--as-of', AS_OF], { cwd: policyDir });
      expect(r.code, r.stderr).toBe(0);
      const report = parseReport<Report>(r);
      const found = retentionOf(report);
      expect(found).toHaveLength(1);
      expect(String(found[0].location.table)).toMatch(/members$/);
      expect(found[0].severity).toBe('high');
      expect(found[0].message).toMatch(/^Database table \(table \S*members\)/);
      expect(found[0].message).toContain(`${expired.length} of ${rows.length} records`);
      expect(found[0].message).toContain(expired.map((e) => e[3]).sort()[0].slice(0, 10));
      expect(found[0].message).toContain('column updated_at');
      for (const row of rows) expect(r.stdout).not.toContain(row[1]);
    }, 60_000);
  });
}
