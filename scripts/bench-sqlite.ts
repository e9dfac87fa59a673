/**
 * SQLite extraction speed (issue 5): rows/s of `readSqlite` over a table of five text columns,
 * next to the reference pipeline `sqlite3 file .dump | rg -c '<ID or mobile regex>'` in the same
 * run, and the peak RSS growth while reading. Extraction only: detection is timed through the CLI
 * by the main benchmark. Information only, never a gate.
 *
 *   tsx scripts/bench-sqlite.ts [rows] [--runs=3] [--keep]
 *
 * The database is synthetic: IDs with a valid GB 11643 check character and mobiles in real
 * segments in about a third of the cells, filler text in the rest. Nobody's data.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { gb11643Check } from '../src/util/checksums/gb11643.js';
import { readSqlite } from '../src/sources/database/sqlite.js';

export interface SqliteBench {
  rows: number;
  fileBytes: number;
  readSeconds: number;
  readRowsPerSecond: number;
  /** Peak RSS growth over the RSS before reading, sampled at every part (bytes). */
  readRssGrowth: number;
  /** Timed runs per contender; the best is kept. */
  runs: number;
  /** Undefined when sqlite3 or rg is missing. */
  referenceSeconds?: number;
  referenceRowsPerSecond?: number;
  referenceMatches?: number;
  /** readSqlite speed / reference speed (target ≥ 0.5 with detection). */
  ratio?: number;
}

/** ID (18 characters, plausible birth date) or mobile, as rg's default engine reads it. */
export const REFERENCE_REGEX = String.raw`[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]|1[3-9]\d{9}`;

/** mulberry32, so a seed fixes the file. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AREAS = ['110101', '310104', '440305', '330106', '510107', '420102', '320102', '610113'];
const WORDS = ['订单', '已发货', 'pending', 'refund', '客服备注', 'VIP', '北京市朝阳区', 'ok', '退货', 'note'];

function makeCell(r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const digits = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(r() * 10);
    return s;
  };
  const x = r();
  if (x < 1 / 6) {
    const body = `${pick(AREAS)}19${String(50 + Math.floor(r() * 50))}${String(1 + Math.floor(r() * 12)).padStart(2, '0')}${String(1 + Math.floor(r() * 28)).padStart(2, '0')}${digits(3)}`;
    return body + gb11643Check(body);
  }
  if (x < 1 / 3) return `1${pick(['38', '39', '50', '86', '88', '77', '99'])}${digits(8)}`;
  return `${pick(WORDS)} ${digits(6)} ${pick(WORDS)}`;
}

/** Builds `<workDir>/bench.sqlite` (reused when it already has `rows` rows). */
export function buildBenchDb(workDir: string, rows: number): string {
  mkdirSync(workDir, { recursive: true });
  const file = path.join(workDir, `bench-${rows}.sqlite`);
  if (existsSync(file)) return file;
  const db = new Database(`${file}.part`);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.exec('CREATE TABLE customers (c1 TEXT, c2 TEXT, c3 TEXT, c4 TEXT, c5 TEXT)');
  const ins = db.prepare('INSERT INTO customers VALUES (?, ?, ?, ?, ?)');
  const r = rng(5);
  const batch = db.transaction((n: number) => {
    for (let i = 0; i < n; i++) ins.run(makeCell(r), makeCell(r), makeCell(r), makeCell(r), makeCell(r));
  });
  for (let done = 0; done < rows; done += 100_000) batch(Math.min(100_000, rows - done));
  db.close();
  rmSync(file, { force: true });
  // Renamed only when complete, so an interrupted build is never reused.
  spawnSync('mv', [`${file}.part`, file]);
  return file;
}

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

async function timeRead(file: string, rows: number): Promise<{ seconds: number; rssGrowth: number }> {
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  let seen = 0;
  const t0 = process.hrtime.bigint();
  for await (const item of readSqlite(file)) {
    if (item.type === 'text') {
      seen += item.part.table?.rows ?? 0;
      const rss = process.memoryUsage().rss;
      if (rss > peak) peak = rss;
    } else if (item.type === 'error') throw new Error(`bench database unreadable: ${item.message}`);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (seen !== rows) throw new Error(`read ${seen} rows of ${rows}`);
  return { seconds, rssGrowth: peak - rss0 };
}

export async function benchSqlite(workDir: string, rows = 1_000_000, runs = 3): Promise<SqliteBench> {
  const file = buildBenchDb(workDir, rows);
  const fileBytes = statSync(file).size;

  // Warm the page cache for both contenders alike.
  spawnSync('sh', ['-c', `cat '${file}' > /dev/null`]);

  // Best of `runs` for each contender, alternating: the machine may be shared, the minimum is the
  // least disturbed figure.
  let readSeconds = Infinity;
  let readRssGrowth = 0;
  let referenceSeconds = Infinity;
  let referenceMatches: number | undefined;
  const reference = has('sqlite3') && has('rg');
  for (let run = 0; run < runs; run++) {
    const r = await timeRead(file, rows);
    readSeconds = Math.min(readSeconds, r.seconds);
    readRssGrowth = Math.max(readRssGrowth, r.rssGrowth);
    if (!reference) continue;
    const t1 = process.hrtime.bigint();
    const ref = spawnSync('sh', ['-c', `sqlite3 '${file}' .dump | rg -c '${REFERENCE_REGEX}'`], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (ref.status !== 0) continue;
    referenceSeconds = Math.min(referenceSeconds, Number(process.hrtime.bigint() - t1) / 1e9);
    referenceMatches = Number(ref.stdout.trim());
  }
  const out: SqliteBench = { rows, runs, fileBytes, readSeconds, readRowsPerSecond: rows / readSeconds, readRssGrowth };
  if (referenceMatches !== undefined) {
    out.referenceSeconds = referenceSeconds;
    out.referenceRowsPerSecond = rows / referenceSeconds;
    out.referenceMatches = referenceMatches;
    out.ratio = out.readRowsPerSecond / out.referenceRowsPerSecond;
  }
  return out;
}

export function formatSqliteBench(b: SqliteBench): string {
  const k = (n: number): string => `${Math.round(n / 1000).toLocaleString('en')}k rows/s`;
  const lines = [
    `SQLite table, ${b.rows.toLocaleString('en')} rows x 5 text columns, ${(b.fileBytes / 2 ** 20).toFixed(1)} MB file, best of ${b.runs}`,
    `  readSqlite (extraction only)   ${k(b.readRowsPerSecond)}  (${b.readSeconds.toFixed(2)} s, peak RSS growth ${(b.readRssGrowth / 2 ** 20).toFixed(1)} MB)`,
  ];
  if (b.referenceRowsPerSecond !== undefined) {
    lines.push(`  sqlite3 .dump | rg -c           ${k(b.referenceRowsPerSecond)}  (${b.referenceSeconds!.toFixed(2)} s, ${b.referenceMatches} matching lines)`);
    lines.push(`  ratio readSqlite / reference    ${b.ratio!.toFixed(2)}x  (target >= 0.5x with detection)`);
  } else lines.push('  reference: sqlite3 or rg not on PATH');
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000_000);
  const runs = Number(/^--runs=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--runs=')) ?? '')?.[1] ?? 3);
  const keep = process.argv.includes('--keep');
  const dir = keep ? path.join(os.tmpdir(), 'piaudit-bench-sqlite') : mkdtempSync(path.join(os.tmpdir(), 'piaudit-bench-sqlite-'));
  try {
    console.log(formatSqliteBench(await benchSqlite(dir, rows, runs)));
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}
