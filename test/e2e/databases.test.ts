import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createScratchDatabase, MUST_HAVE_SERVERS, mysqlGate, PG_ADMIN, postgresGate } from '../helpers/db-servers.js';
import { makePerson, makeRng, maskMiddle, REPO_ROOT, type Person } from '../helpers/synth.js';

/**
 * `piaudit scan --db` against the real servers of this machine (issue 5): findings located by
 * table, column and row, the column inventory in JSON and terminal output, the password never
 * shown. Each run creates its own database of synthetic people and drops it.
 */

const rng = makeRng(5005);
const people: Person[] = Array.from({ length: 30 }, () => makePerson(rng));
const gates = { mysql: await mysqlGate(), postgres: await postgresGate() };

function piaudit(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/piaudit.js'), 'scan', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Column {
  table: string;
  field: string;
  rows: number;
  clear: number;
  weak: number;
  masked: number;
  verdict: string;
}

for (const kind of ['mysql', 'postgres'] as const) {
  const gate = gates[kind];
  const run = gate.up || MUST_HAVE_SERVERS;
  describe.skipIf(!run)(`--db ${kind}`, () => {
    let url: string;
    let db: string;
    let drop: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      if (!gate.up) throw new Error(gate.message); // under CI a missing server fails
      const rows = people.map((p, i) => [i + 1, p.name, p.id, p.mobile, maskMiddle(p.mobile, 3, 4), createHash('md5').update(p.id).digest('hex')]);
      ({ url, db, drop } = await createScratchDatabase(kind, 'piaudit_e2e', [
        {
          name: 'residents',
          mysql: 'id INT PRIMARY KEY, xm VARCHAR(20), sfzh CHAR(18), shouji VARCHAR(11), shouji_masked VARCHAR(11), sfzh_md5 CHAR(32)',
          postgres: 'id INT PRIMARY KEY, xm TEXT, sfzh TEXT, shouji TEXT, shouji_masked TEXT, sfzh_md5 TEXT',
          rows,
        },
        { name: 'keyed_by_id', mysql: 'zjhm CHAR(18) PRIMARY KEY, note VARCHAR(20)', postgres: 'zjhm TEXT PRIMARY KEY, note TEXT', rows: people.map((p) => [p.id, 'ok']) },
      ]));
      // A wrong password for MySQL's root (it has none here): the wrong-password test uses this URL.
      if (kind === 'mysql') url = url.replace('mysql://root@', `mysql://root:not-the-password-${db}@`);
    }, 60_000);

    afterAll(async () => {
      await drop?.();
    });

    test('values by table, column and row; the column inventory; nothing else scanned', () => {
      // MySQL's root has no password here: the URL's wrong one must fail cleanly, so use none.
      const u = kind === 'mysql' ? url.replace(/:not-the-password-[^@]*@/, '@') : url;
      const r = piaudit(['--db', u, '--full', '--format', 'json', '--fail-on', 'none']);
      expect(r.status, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.scan.filesScanned).toBeGreaterThanOrEqual(1);
      const ids = report.findings.filter((f: { detector: string; rule: string; location: { table: string } }) => f.detector === 'cn-id' && f.rule === 'pi-unmasked' && f.location.table.endsWith('residents'));
      expect(ids).toHaveLength(people.length);
      // A table keyed by the ID itself: rows are named by their number in the read, never by the key.
      const keyed = report.findings.filter((f: { detector: string; location: { table: string } }) => f.detector === 'cn-id' && f.location.table.endsWith('keyed_by_id'));
      expect(keyed).toHaveLength(people.length);
      expect(keyed.map((f: { location: { row: string } }) => f.location.row).sort()).toEqual(people.map((_, i) => `#${i + 1}`).sort());
      expect(ids[0].location).toMatchObject({ field: 'sfzh' });
      expect(String(ids[0].location.table)).toMatch(/residents$/);
      expect(ids.map((f: { location: { row: number } }) => Number(f.location.row)).sort((a: number, b: number) => a - b)).toEqual(people.map((_, i) => i + 1));
      const cols: Column[] = report.summary.columns;
      const sfzh = cols.find((c) => c.field === 'sfzh')!;
      expect(sfzh).toMatchObject({ rows: people.length, clear: people.length, weak: 0, masked: 0 });
      expect(sfzh.verdict).toMatch(/sfzh: 100 % clear resident IDs$/);
      const masked = cols.find((c) => c.field === 'shouji_masked')!;
      expect(masked).toMatchObject({ clear: 0, masked: people.length });
      expect(cols.find((c) => c.field === 'xm')?.clear).toBe(people.length);
      // An unsalted MD5 of the ID is a weak mask with one candidate, the digest never shown.
      const hashed = report.findings.filter((f: { location: { field: string } }) => f.location.field === 'sfzh_md5');
      expect(hashed).toHaveLength(people.length);
      expect(hashed[0]).toMatchObject({ rule: 'pi-weak-mask', detector: 'cn-id', candidates: 1, severity: 'medium' });
      for (const p of people) expect(r.stdout.includes(createHash('md5').update(p.id).digest('hex'))).toBe(false);
      // Rows are records: name + ID + mobile in one row is an identity kit.
      expect(report.findings.filter((f: { rule: string }) => f.rule === 'pi-identity-kit')).toHaveLength(people.length);
      for (const p of people) expect(r.stdout.includes(p.id) || r.stdout.includes(p.mobile)).toBe(false);
    }, 60_000);

    test('a wrong password: an error entry with the URL redacted, exit 2 when nothing else was readable', () => {
      const bad = kind === 'mysql' ? url : `postgres://piaudit_no_such_role:s3cret-pw@127.0.0.1:${PG_ADMIN.port}/${db}`;
      const r = piaudit(['--db', bad, '--format', 'json', '--fail-on', 'none']);
      const out = r.stdout + r.stderr;
      expect(out).not.toMatch(/not-the-password|s3cret-pw/);
      const report = JSON.parse(r.stdout);
      expect(report.scan.errors.length).toBeGreaterThan(0);
      expect(report.scan.errors[0].path).toContain('***');
      expect(r.status).toBe(2);
    }, 60_000);

    test('the terminal report shows the column verdicts', () => {
      const u = kind === 'mysql' ? url.replace(/:not-the-password-[^@]*@/, '@') : url;
      const r = piaudit(['--db', u, '--fail-on', 'none']);
      expect(r.stdout).toContain('Columns');
      expect(r.stdout).toMatch(/sfzh: 100 % clear resident IDs/);
    }, 60_000);
  });
}
