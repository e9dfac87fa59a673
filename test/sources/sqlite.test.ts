import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import type { DocumentItem } from '../../src/model/document.js';
import type { Location } from '../../src/model/location.js';
import { isSqlite, readSqlite } from '../../src/sources/database/sqlite.js';
import { locate, partsOf } from '../helpers/table-parts.js';
import { makeCnId, makeMobile, makePerson, makeRng, type Person } from '../helpers/synth.js';

const rng = makeRng(20250505);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'piaudit-sqlite-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let dirNo = 0;
function freshDir(): string {
  const dir = path.join(tmp, `d${++dirNo}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** An 18-digit ID whose check character is a digit, so it can be stored as an INTEGER. */
function numericId(): string {
  for (;;) {
    const id = makeCnId(rng);
    if (!id.endsWith('X')) return id;
  }
}

async function collect(file: string, limits?: { maxRows: number; maxChars: number }, signal?: AbortSignal): Promise<DocumentItem[]> {
  const out: DocumentItem[] = [];
  for await (const item of readSqlite(file, { limits, signal })) out.push(item);
  return out;
}
const errorsOf = (items: DocumentItem[]): Array<{ message: string; at?: Partial<Location> }> => items.flatMap((i) => (i.type === 'error' ? [i] : []));

/** Every file of a folder with its bytes' hash, mode and mtime: what a read-only audit must leave as it was. */
function snapshot(dir: string): Record<string, { sha: string; mode: number; mtimeMs: number; size: number }> {
  const out: Record<string, { sha: string; mode: number; mtimeMs: number; size: number }> = {};
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    const st = statSync(p);
    out[name] = { sha: createHash('sha256').update(readFileSync(p)).digest('hex'), mode: st.mode, mtimeMs: st.mtimeMs, size: st.size };
  }
  return out;
}

const people: Person[] = Array.from({ length: 12 }, () => makePerson(rng));
const intIds = people.map(() => numericId());

/** The main test database: ids and mobiles stored as INTEGER too, NULLs, BLOBs, a REAL, a cell with a tab and line breaks. */
function makePeopleDb(file: string, journal: 'delete' | 'wal' = 'delete'): Database.Database {
  const db = new Database(file);
  db.pragma(`journal_mode = ${journal}`);
  db.pragma('synchronous = OFF'); // test files: no fsync per insert
  db.exec(`
    CREATE TABLE users (id INTEGER PRIMARY KEY, xm TEXT, sfzh TEXT, id_int INTEGER, shouji INTEGER, note TEXT, photo BLOB, memo BLOB, score REAL);
    CREATE TABLE visits (user_id INTEGER, day TEXT, phone TEXT, PRIMARY KEY (user_id, day)) WITHOUT ROWID;
    CREATE TABLE log (msg TEXT, tel TEXT);
    CREATE TABLE by_id (sfzh TEXT PRIMARY KEY, xm TEXT);
    CREATE TABLE empty_one (a TEXT, "weird""name" TEXT);
    CREATE VIEW v_users AS SELECT xm, sfzh FROM users;
  `);
  const ins = db.prepare('INSERT INTO users VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  people.forEach((p, i) =>
    ins.run(
      100 + i,
      p.name,
      i === 3 ? null : p.id,
      BigInt(intIds[i]),
      BigInt(p.mobile),
      i === 0 ? `line one\tcol\nline two\r\nend ${p.mobile}` : null,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 0xff]),
      Buffer.from(`备注 ${p.name}`, 'utf8'),
      i + 0.25,
    ),
  );
  const visit = db.prepare('INSERT INTO visits VALUES (?, ?, ?)');
  people.slice(0, 4).forEach((p, i) => visit.run(100 + i, `2024-0${i + 1}-01`, p.mobile));
  const log = db.prepare('INSERT INTO log VALUES (?, ?)');
  people.slice(0, 5).forEach((p) => log.run(`login by ${p.name}`, p.mobile));
  const byId = db.prepare('INSERT INTO by_id VALUES (?, ?)');
  people.slice(0, 2).forEach((p) => byId.run(p.id, p.name));
  return db;
}

describe('isSqlite', () => {
  test('recognises the header, not its look-alikes', () => {
    expect(isSqlite(Buffer.from('SQLite format 3\0rest of header', 'latin1'))).toBe(true);
    expect(isSqlite(Buffer.from('SQLite format 3', 'latin1'))).toBe(false);
    expect(isSqlite(Buffer.from('SQLite format 2\0', 'latin1'))).toBe(false);
    expect(isSqlite(rng.bytes(100))).toBe(false);
  });
});

describe('readSqlite', () => {
  const dir = freshDir();
  const file = path.join(dir, 'app.db');
  makePeopleDb(file).close();
  const before = snapshot(dir);
  let items: DocumentItem[] = [];

  test('reads every table, every column, as tab-separated rows under their header', async () => {
    items = await collect(file);
    expect(errorsOf(items)).toEqual([]);
    const names = partsOf(items).map((p) => p.table!.name);
    expect(names).toEqual(['users', 'visits', 'log', 'by_id', 'empty_one']); // no view, no sqlite_ table
    const [users] = partsOf(items, 'users');
    expect(users.origin).toBe('database');
    expect(users.record).toBe('lines');
    expect(users.at).toEqual({ table: 'users' });
    expect(users.table).toEqual({ name: 'users', columns: ['id', 'xm', 'sfzh', 'id_int', 'shouji', 'note', 'photo', 'memo', 'score'], rows: people.length });
    const lines = users.text.split('\n');
    expect(lines[0]).toBe('id\txm\tsfzh\tid_int\tshouji\tnote\tphoto\tmemo\tscore');
    expect(lines).toHaveLength(people.length + 1);
    for (const line of lines) expect(line.split('\t')).toHaveLength(9);
  });

  test('INTEGER values keep every digit; NULL is empty; BLOBs only as valid UTF-8; REAL as written; tabs and breaks become spaces', () => {
    const [users] = partsOf(items, 'users');
    const rows = users.text.split('\n').slice(1).map((l) => l.split('\t'));
    rows.forEach((cells, i) => {
      expect(cells[0]).toBe(String(100 + i));
      expect(cells[3]).toBe(intIds[i]);
      expect(cells[3]).toHaveLength(18);
      expect(cells[4]).toBe(people[i].mobile);
      expect(cells[6]).toBe(''); // binary PNG-ish bytes with NUL
      expect(cells[7]).toBe(`备注 ${people[i].name}`);
      expect(cells[8]).toBe(String(i + 0.25));
    });
    expect(rows[3][2]).toBe('');
    expect(rows[1][5]).toBe('');
    expect(rows[0][5]).toBe(`line one col line two  end ${people[0].mobile}`);
  });

  test('locations: column name as field, primary key (or row number) as row', () => {
    const all = partsOf(items);
    expect(locate(all, intIds[5])).toEqual([{ table: 'users', field: 'id_int', row: 105 }]);
    expect(locate(partsOf(items, 'users'), people[7].id)).toEqual([{ table: 'users', field: 'sfzh', row: 107 }]);
    // Composite key, WITHOUT ROWID.
    expect(locate(partsOf(items, 'visits'), people[2].mobile)).toEqual([{ table: 'visits', field: 'phone', row: 'user_id=102,day=2024-03-01' }]);
    // No key: the 1-based row number.
    expect(locate(partsOf(items, 'log'), people[4].mobile)).toEqual([{ table: 'log', field: 'tel', row: 5 }]);
    // A key that is itself an ID number must not be printed as the row: the row number instead.
    expect(locate(partsOf(items, 'by_id'), people[1].name)).toEqual([{ table: 'by_id', field: 'xm', row: '#2' }]);
    // A value in the middle of a cell still names its column.
    const [users] = partsOf(items, 'users');
    const line = users.text.split('\n')[1];
    const col = line.indexOf('line two') + 1;
    expect(users.refine!(2, col)).toEqual({ field: 'note', row: 100 });
    expect(users.refine!(1, 1)).toEqual({ field: users.table!.columns[0] }); // the header row: a column name, no row
  });

  test('an empty table still shows, with its header and 0 rows', () => {
    const [empty] = partsOf(items, 'empty_one');
    expect(empty.text).toBe('a\tweird"name');
    expect(empty.table!.rows).toBe(0);
  });

  test('leaves the file and its folder exactly as they were', () => {
    expect(snapshot(dir)).toEqual(before);
  });

  test('big tables come in parts that repeat the header; rows add up', async () => {
    const parts = partsOf(await collect(file, { maxRows: 5, maxChars: 1 << 20 }), 'users');
    expect(parts.map((p) => p.table!.rows)).toEqual([5, 5, 2]);
    expect(parts.map((p) => p.headerRepeated ?? false)).toEqual([false, true, true]);
    for (const p of parts) expect(p.text.split('\n')[0]).toBe(parts[0].text.split('\n')[0]);
    expect(locate(parts, intIds[11])).toEqual([{ table: 'users', field: 'id_int', row: 111 }]);
    const byChars = partsOf(await collect(file, { maxRows: 5000, maxChars: 300 }), 'users');
    expect(byChars.length).toBeGreaterThan(2);
    expect(byChars.reduce((n, p) => n + p.table!.rows, 0)).toBe(people.length);
  });

  test('stops when aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    expect(partsOf(await collect(file, undefined, ac.signal))).toEqual([]);
  });
});

describe('the fast path (SQLite builds the lines) reads exactly what a cell-by-cell read gives', () => {
  test('breaks, tabs, BLOBs and odd text anywhere in a big table; rowid gaps; a column named rowid; WITHOUT ROWID', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'mixed.db');
    const db = new Database(file);
    db.pragma('synchronous = OFF');
    db.exec(`CREATE TABLE t (a TEXT, b TEXT, c INTEGER, d);
             CREATE TABLE r (rowid TEXT, v TEXT);
             CREATE TABLE w (k INTEGER PRIMARY KEY, n INTEGER) WITHOUT ROWID;`);
    const expected: string[] = [];
    const ins = db.prepare('INSERT INTO t (rowid, a, b, c, d) VALUES (?, ?, ?, ?, ?)');
    db.transaction(() => {
      for (let i = 1; i <= 3000; i++) {
        const mobile = makeMobile(rng);
        let b: string | Buffer = `plain ${i}`;
        let shown = b;
        if (i === 1200) [b, shown] = [`two\nlines ${mobile}`, `two lines ${mobile}`];
        if (i === 2100) [b, shown] = [Buffer.from([0xff, 0xfe, 0x00]), ''];
        if (i === 2500) [b, shown] = [Buffer.from(`text in a blob ${mobile}`), `text in a blob ${mobile}`];
        if (i === 2800) [b, shown] = [`replacement \ufffd char`, `replacement \ufffd char`];
        const c = i % 7 === 0 ? BigInt(numericId()) : i;
        const d = i % 11 === 0 ? null : i % 2 ? 2.5 : 'x';
        ins.run(i * 3, mobile, b, c, d); // rowids with gaps
        expected.push([mobile, shown, String(c), d === null ? '' : d === 2.5 ? '2.5' : 'x'].join('\t'));
      }
    })();
    db.prepare('INSERT INTO r VALUES (?, ?)').run('not the rowid', 'v1');
    const big = numericId();
    db.prepare('INSERT INTO w VALUES (?, ?)').run(1, BigInt(big));
    db.close();
    const items = await collect(file, { maxRows: 500, maxChars: 1 << 20 });
    expect(errorsOf(items)).toEqual([]);
    const parts = partsOf(items, 't');
    expect(parts.flatMap((p) => p.text.split('\n').slice(1))).toEqual(expected);
    expect(parts.every((p) => p.table!.rows <= 500)).toBe(true);
    expect(locate(parts, expected[2999].split('\t')[0])).toEqual([{ table: 't', field: 'a', row: 3000 }]);
    expect(partsOf(items, 'r')[0].text).toBe('rowid\tv\nnot the rowid\tv1');
    expect(partsOf(items, 'w')[0].text).toBe(`k\tn\n1\t${big}`);
  });

  test('the private copy of a WAL database is removed afterwards', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'w.db');
    makePeopleDb(file, 'wal').close();
    const mine = (): string[] => readdirSync(os.tmpdir()).filter((n) => n.startsWith('piaudit-sqlite-') && !n.startsWith('piaudit-sqlite-test-'));
    const before = new Set(mine());
    const items = await collect(file);
    expect(partsOf(items).length).toBeGreaterThan(0);
    expect(mine().filter((n) => !before.has(n))).toEqual([]);
  });
});

describe('WAL databases are read without creating or changing anything', () => {
  test('a live WAL database (writer open, committed rows only in the -wal)', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'live.db');
    const writer = makePeopleDb(file, 'wal');
    writer.pragma('wal_autocheckpoint = 0');
    const late = makePerson(rng);
    writer.prepare('INSERT INTO log VALUES (?, ?)').run('late', late.mobile);
    expect(readdirSync(dir).sort()).toEqual(['live.db', 'live.db-shm', 'live.db-wal']);
    const before = snapshot(dir);
    const { ['live.db-shm']: _shm, ...beforeNoShm } = before;
    try {
      const items = await collect(file);
      expect(errorsOf(items)).toEqual([]);
      expect(locate(partsOf(items, 'log'), late.mobile)).toEqual([{ table: 'log', field: 'tel', row: 6 }]);
      const after = snapshot(dir);
      expect(Object.keys(after)).toEqual(Object.keys(before));
      // The shared-memory index is where readers take their read marks: only it may differ.
      const { ['live.db-shm']: _shm2, ...afterNoShm } = after;
      expect(afterNoShm).toEqual(beforeNoShm);
    } finally {
      writer.close();
    }
  });

  test('a WAL database closed cleanly (no -wal beside it): read through a private copy', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'clean.sqlite');
    makePeopleDb(file, 'wal').close();
    expect(readdirSync(dir)).toEqual(['clean.sqlite']);
    const before = snapshot(dir);
    const items = await collect(file);
    expect(errorsOf(items)).toEqual([]);
    expect(partsOf(items, 'users')[0].table!.rows).toBe(people.length);
    expect(snapshot(dir)).toEqual(before);
  });

  test('a -wal without its -shm (files copied off a device): the -wal content is read, nothing created', async () => {
    const src = freshDir();
    const writer = makePeopleDb(path.join(src, 'a.db'), 'wal');
    writer.pragma('wal_autocheckpoint = 0');
    const late = makePerson(rng);
    writer.prepare('INSERT INTO log VALUES (?, ?)').run('late', late.mobile);
    const dir = freshDir();
    copyFileSync(path.join(src, 'a.db'), path.join(dir, 'phone.db3'));
    copyFileSync(path.join(src, 'a.db-wal'), path.join(dir, 'phone.db3-wal'));
    writer.close();
    const before = snapshot(dir);
    const items = await collect(path.join(dir, 'phone.db3'));
    expect(errorsOf(items)).toEqual([]);
    expect(locate(partsOf(items, 'log'), late.mobile)).toEqual([{ table: 'log', field: 'tel', row: 6 }]);
    expect(snapshot(dir)).toEqual(before);
  });

  test('a leftover -journal is neither replayed nor touched', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'j.db');
    makePeopleDb(file).close();
    writeFileSync(`${file}-journal`, rng.bytes(512));
    const before = snapshot(dir);
    const items = await collect(file);
    expect(errorsOf(items)).toEqual([]);
    expect(partsOf(items, 'users')[0].table!.rows).toBe(people.length);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('bad files give a clear error naming no content, and never throw', () => {
  const noValue = (items: DocumentItem[]): void => {
    const text = JSON.stringify(items.filter((i) => i.type !== 'text'));
    for (const p of people) for (const v of [p.id, p.mobile, p.name]) expect(text).not.toContain(v);
  };

  test('a file with the extension that is no database (or an encrypted one)', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'secret.sqlite');
    writeFileSync(file, rng.bytes(8192)); // SQLCipher output looks like this: no header
    const before = snapshot(dir);
    const items = await collect(file);
    expect(items).toEqual([{ type: 'error', message: expect.stringMatching(/not a SQLite database/) }]);
    expect(snapshot(dir)).toEqual(before);
    const text = path.join(dir, 'notes.db');
    writeFileSync(text, `just text ${people[0].mobile}\n`);
    expect(errorsOf(await collect(text))[0].message).toMatch(/not a SQLite database/);
    noValue(await collect(text));
  });

  test('a corrupt database', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'corrupt.db');
    makePeopleDb(file).close();
    const bytes = readFileSync(file);
    rng.bytes(bytes.length - 100).copy(bytes, 100); // header kept, every page garbage
    writeFileSync(file, bytes);
    const before = snapshot(dir);
    const items = await collect(file);
    const errors = errorsOf(items);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].message).toMatch(/corrupt|not a database/);
    noValue(items);
    expect(snapshot(dir)).toEqual(before);
  });

  test('one broken table is reported, the others are read', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'partly.db');
    const db = new Database(file);
    db.pragma('synchronous = OFF');
    db.pragma('page_size = 1024');
    db.exec('CREATE TABLE first (v TEXT); CREATE TABLE second (v TEXT); CREATE TABLE third (v TEXT);');
    const big = 'x'.repeat(200);
    for (const t of ['first', 'second', 'third']) {
      const ins = db.prepare(`INSERT INTO ${t} VALUES (?)`);
      for (let i = 0; i < 40; i++) ins.run(`${t} ${i} ${big}`);
    }
    const root = db.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = 'second'`).pluck().get() as number;
    db.close();
    const bytes = readFileSync(file);
    bytes.fill(0xee, (root - 1) * 1024, root * 1024); // the second table's root page
    writeFileSync(file, bytes);
    const items = await collect(file);
    expect(partsOf(items, 'first')[0].table!.rows).toBe(40);
    expect(partsOf(items, 'third')[0].table!.rows).toBe(40);
    expect(errorsOf(items)).toEqual([{ type: 'error', message: expect.stringMatching(/corrupt/), at: { table: 'second' } }]);
  });

  test('a truncated database', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'cut.db');
    const db = new Database(file);
    db.pragma('synchronous = OFF');
    db.exec('CREATE TABLE a (v TEXT); CREATE TABLE b (v TEXT);');
    for (const t of ['a', 'b']) {
      const ins = db.prepare(`INSERT INTO ${t} VALUES (?)`);
      for (let i = 0; i < 500; i++) ins.run(`${t} ${makeMobile(rng)} ${'y'.repeat(100)}`);
    }
    db.close();
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const items = await collect(file);
    expect(errorsOf(items)[0].message).toMatch(/^truncated SQLite database \(\d+ of \d+ bytes\)/);
    expect(errorsOf(items).slice(1).every((e) => e.at?.table)).toBe(true);
  });

  test('a missing file', async () => {
    expect(await collect(path.join(tmp, 'nope.db'))).toEqual([{ type: 'error', message: 'cannot read the file (ENOENT)' }]);
  });
});
