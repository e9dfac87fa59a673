/**
 * Rows per second of the PostgreSQL source (readServer with full: true) on a throwaway database
 * holding one table of five text columns, for `npm run bench`. Information only.
 *
 *   npx tsx scripts/bench-postgres.ts [rows]      (default 200,000)
 *
 * The server is PIAUDIT_BENCH_PG_URL, else postgres://postgres@127.0.0.1:5432 (this machine's,
 * trust auth). The database is created with a unique name, filled server-side with
 * generate_series (synthetic digits, nobody's values) and dropped afterwards, also on failure.
 * What is timed: connecting, listing, streaming every row through the cursor and building the
 * table parts, i.e. everything the source does before detection. Peak RSS growth shows memory
 * staying flat (one batch and one part at a time).
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { readServer } from '../src/sources/database/server.js';
import { parseDbUrl } from '../src/sources/database/url.js';

export interface PostgresBenchResult {
  rows: number;
  parts: number;
  /** Characters of part text produced. */
  chars: number;
  seconds: number;
  rowsPerSecond: number;
  /** Growth of the resident set's high-water mark during the read, MiB (GC permitting). */
  rssGrowthMb: number;
}

export async function benchPostgres(rows = 200_000, opts: { url?: string; log?: (line: string) => void } = {}): Promise<PostgresBenchResult> {
  const log = opts.log ?? (() => undefined);
  const base = opts.url ?? process.env.PIAUDIT_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
  const target = parseDbUrl(base);
  const db = `piaudit_bench_${randomBytes(4).toString('hex')}`;
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ host: target.host, port: target.port, user: target.user, password: target.password, database: target.database ?? 'postgres' });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${db}`);
    const filler = new pg.Client({ host: target.host, port: target.port, user: target.user, password: target.password, database: db });
    filler.on('error', () => undefined);
    await filler.connect();
    try {
      log(`filling ${db} with ${rows} rows…`);
      await filler.query(`CREATE TABLE people (id bigint PRIMARY KEY, name text, id_no text, mobile text, address text, note text)`);
      // Synthetic values only: digits from the row number, no checksum, nobody's data.
      await filler.query(
        `INSERT INTO people
         SELECT g, '客户' || g,
                lpad((g * 7919 % 1000000000000000000)::text, 18, '1'),
                '13' || lpad((g * 104729 % 1000000000)::text, 9, '0'),
                '北京市海淀区中关村大街' || (g % 999) || '号',
                'order ' || md5(g::text)
         FROM generate_series(1::bigint, $1::bigint) AS g`,
        [rows],
      );
      await filler.query('VACUUM ANALYZE people');
    } finally {
      await filler.end();
    }
    const u = new URL(base);
    u.pathname = `/${db}`;
    const url = u.toString();
    global.gc?.();
    const rss0 = process.resourceUsage().maxRSS;
    const started = process.hrtime.bigint();
    let read = 0;
    let parts = 0;
    let chars = 0;
    for await (const it of readServer(parseDbUrl(url), { full: true })) {
      if (it.type === 'error') throw new Error(it.message);
      if (it.type !== 'text') continue;
      parts++;
      chars += it.part.text.length;
      read += it.part.table?.rows ?? 0;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (read !== rows) throw new Error(`read ${read} rows of ${rows}`);
    const result = { rows: read, parts, chars, seconds, rowsPerSecond: Math.round(read / seconds), rssGrowthMb: Math.round((process.resourceUsage().maxRSS - rss0) / 1024) };
    log(`PostgreSQL source: ${read} rows in ${seconds.toFixed(2)} s = ${result.rowsPerSecond} rows/s (${parts} parts, RSS high-water +${result.rssGrowthMb} MiB)`);
    return result;
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = Number(process.argv[2] ?? 200_000);
  const r = await benchPostgres(rows, { log: (l) => console.error(l) });
  console.log(JSON.stringify(r));
}
