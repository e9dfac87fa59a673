/**
 * SQL dumps for the dump-source tests, in the shape the tools write them: mysqldump / MariaDB
 * (extended INSERTs, MySQL string escapes, version comments), pg_dump plain format (COPY blocks,
 * keys declared after the data) and pg_dump --inserts. Rows are synthetic people from synth.ts,
 * never real data. `realMysqlDump` / `realPgDump` run the real tools against a throwaway
 * database on this machine's servers (created and dropped here).
 */
import { isUtf8 } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { makeCnId, makeMobile, makeName, type Rng } from './synth.js';

export type Cell = string | number | bigint | null | Buffer;

export interface DumpTable {
  name: string;
  /** Column name and SQL type (MySQL flavour; the pg writer maps it). */
  columns: Array<[string, string]>;
  /** Primary key column names (none: no key). */
  key: string[];
  rows: Cell[][];
}

/** A customers table of synthetic people: an INT key, name, ID, mobile as BIGINT, a note with quotes, breaks and backslashes, a blob. */
export function customersTable(rng: Rng, count: number, opts: { noNul?: boolean } = {}): DumpTable {
  const notes = [
    "it's \"quoted\"",
    'line one\nline two',
    'tab\there',
    'back\\slash C:\\path\\',
    '',
    null,
    '中文备注，含全角标点。',
    opts.noNul ? 'ctrl-z \u001a end' : 'ctrl-z \u001a and nul \u0000 end',
  ];
  const blobs = [Buffer.from('PNG\0\u0001', 'latin1'), Buffer.from('二进制里的文本', 'utf8'), Buffer.from([0x89, 0x50, 0xff, 0xfe])];
  const rows: Cell[][] = [];
  for (let i = 0; i < count; i++) {
    let id = makeCnId(rng);
    while (i % 5 === 0 && id.endsWith('X')) id = makeCnId(rng); // every 5th ID also stored as a number
    rows.push([i + 1, makeName(rng), id, i % 5 === 0 ? BigInt(id) : null, BigInt(makeMobile(rng)), notes[i % notes.length], i % 4 === 0 ? blobs[(i / 4) % blobs.length] : null, (i * 1.5).toFixed(2)]);
  }
  return {
    name: 'customers',
    columns: [
      ['id', 'int(11)'],
      ['xm', 'varchar(32)'],
      ['sfzh', 'char(18)'],
      ['sfzh_num', 'bigint(20)'],
      ['shouji', 'bigint(20)'],
      ['note', 'text'],
      ['photo', 'blob'],
      ['balance', 'decimal(10,2)'],
    ],
    key: ['id'],
    rows,
  };
}

/** The text a value should show in a table part (the reader's contract), for assertions. */
export function expectedCell(v: Cell): string {
  if (v === null) return '';
  if (Buffer.isBuffer(v)) return v.includes(0) || !isUtf8(v) ? '' : v.toString('utf8');
  return String(v).replace(/[\t\r\n]/g, ' ');
}

// ---------------------------------------------------------------------------------------------
// mysqldump

/** MySQL's escaping (mysql_real_escape_string): \0 \' \" \b \n \r \t \Z \\. */
export function mysqlString(s: string): string {
  const map: Record<string, string> = { '\0': '\\0', "'": "\\'", '"': '\\"', '\b': '\\b', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001a': '\\Z', '\\': '\\\\' };
  return `'${s.replace(/[\0'"\b\n\r\t\u001a\\]/g, (c) => map[c])}'`;
}

function mysqlValue(v: Cell): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  // Raw bytes cannot ride in a JS string written as UTF-8: ASCII blobs as _binary '…', others as
  // mysqldump --hex-blob writes them.
  if (Buffer.isBuffer(v)) return v.every((b) => b < 0x80) ? `_binary ${mysqlString(v.toString('latin1'))}` : `0x${v.toString('hex').toUpperCase()}`;
  return mysqlString(v);
}

export interface MysqldumpOptions {
  /** Rows per INSERT statement (mysqldump cuts at net_buffer_length, ~1 MB). */
  rowsPerInsert?: number;
  /** One row per line (MariaDB 11 style) instead of all on the INSERT's line. */
  rowPerLine?: boolean;
  /** Leave the trailer out. */
  noTrailer?: boolean;
}

export function mysqldump(tables: DumpTable[], opts: MysqldumpOptions = {}): string {
  const out: string[] = [
    '-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB, for debian-linux-gnu (x86_64)',
    '--',
    '-- Host: localhost    Database: shop',
    '-- ------------------------------------------------------',
    '-- Server version\t10.11.6-MariaDB-0+deb12u1',
    '',
    '/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;',
    '/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;',
    '/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;',
    '/*!40101 SET NAMES utf8mb4 */;',
    '/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;',
    "/*!40103 SET TIME_ZONE='+00:00' */;",
    '/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;',
    "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;",
    '',
  ];
  for (const t of tables) {
    out.push('--', `-- Table structure for table \`${t.name}\``, '--', '', `DROP TABLE IF EXISTS \`${t.name}\`;`);
    out.push('/*!40101 SET @saved_cs_client     = @@character_set_client */;', '/*!40101 SET character_set_client = utf8 */;');
    const defs = t.columns.map(([n, type]) => `  \`${n}\` ${type}${t.key.includes(n) ? ' NOT NULL' : ' DEFAULT NULL'}`);
    if (t.key.length) defs.push(`  PRIMARY KEY (${t.key.map((k) => `\`${k}\``).join(',')})`);
    defs.push(`  KEY \`idx_${t.columns[1][0]}\` (\`${t.columns[1][0]}\`)`);
    out.push(`CREATE TABLE \`${t.name}\` (`, defs.join(',\n'), ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;');
    out.push('/*!40101 SET character_set_client = @saved_cs_client */;', '', '--', `-- Dumping data for table \`${t.name}\``, '--', '');
    out.push(`LOCK TABLES \`${t.name}\` WRITE;`, `/*!40000 ALTER TABLE \`${t.name}\` DISABLE KEYS */;`);
    const per = opts.rowsPerInsert ?? 1000;
    for (let i = 0; i < t.rows.length; i += per) {
      const tuples = t.rows.slice(i, i + per).map((r) => `(${r.map(mysqlValue).join(',')})`);
      out.push(`INSERT INTO \`${t.name}\` VALUES ${opts.rowPerLine ? `\n${tuples.join(',\n')}` : tuples.join(',')};`);
    }
    out.push(`/*!40000 ALTER TABLE \`${t.name}\` ENABLE KEYS */;`, 'UNLOCK TABLES;');
  }
  // A trigger block: its body holds an INSERT that is code, not data.
  out.push('/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;', 'DELIMITER ;;');
  out.push("/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER `audit_ins` AFTER INSERT ON `customers` FOR EACH ROW BEGIN INSERT INTO audit VALUES (NEW.id, 'insert; done'); END */;;");
  out.push('DELIMITER ;', '/*!50003 SET sql_mode              = @saved_sql_mode */ ;');
  out.push('/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;', '/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;', '');
  if (!opts.noTrailer) out.push('-- Dump completed on 2025-01-01 12:00:00');
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// pg_dump

function pgType(type: string): string {
  if (/^int/.test(type)) return 'integer';
  if (/^bigint/.test(type)) return 'bigint';
  if (/^varchar\(/.test(type)) return type.replace(/^varchar/, 'character varying');
  if (/^char\(/.test(type)) return type.replace(/^char/, 'character');
  if (/^blob/.test(type)) return 'bytea';
  if (/^decimal/.test(type)) return type.replace('decimal', 'numeric');
  return 'text';
}

/** COPY text format: \\ \t \n \r escaped, NULL as \N, bytea in hex output. */
export function copyField(v: Cell): string {
  if (v === null) return '\\N';
  if (Buffer.isBuffer(v)) return `\\\\x${v.toString('hex')}`;
  return String(v).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
}

/** A standard-conforming literal ('' doubled, backslashes as they are); E'' when it holds control characters. */
export function pgLiteral(v: Cell): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (Buffer.isBuffer(v)) return `'\\x${v.toString('hex')}'`;
  if (/[\n\t\r\0]/.test(v)) return `E'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/\0/g, '')}'`;
  return `'${v.replace(/'/g, "''")}'`;
}

export interface PgDumpOptions {
  /** pg_dump --inserts (one INSERT per row) instead of COPY. */
  inserts?: boolean;
  /** --column-inserts: INSERTs name their columns. */
  columnInserts?: boolean;
  noTrailer?: boolean;
}

export function pgDump(tables: DumpTable[], opts: PgDumpOptions = {}): string {
  const out: string[] = [
    '--',
    '-- PostgreSQL database dump',
    '--',
    '',
    '-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)',
    '-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)',
    '',
    'SET statement_timeout = 0;',
    'SET lock_timeout = 0;',
    "SET client_encoding = 'UTF8';",
    'SET standard_conforming_strings = on;',
    "SELECT pg_catalog.set_config('search_path', '', false);",
    'SET check_function_bodies = false;',
    '',
    '--',
    '-- Name: touch(); Type: FUNCTION; Schema: public; Owner: postgres',
    '--',
    '',
    'CREATE FUNCTION public.touch() RETURNS trigger',
    '    LANGUAGE plpgsql',
    '    AS $$',
    'BEGIN',
    "  NEW.note := 'COPY x FROM stdin; INSERT INTO y VALUES (1);';",
    '  RETURN NEW;',
    'END;',
    '$$;',
    '',
    'ALTER FUNCTION public.touch() OWNER TO postgres;',
    '',
    "SET default_tablespace = '';",
    'SET default_table_access_method = heap;',
    '',
  ];
  for (const t of tables) {
    out.push('--', `-- Name: ${t.name}; Type: TABLE; Schema: public; Owner: postgres`, '--', '');
    out.push(`CREATE TABLE public.${t.name} (`, t.columns.map(([n, type]) => `    ${n} ${pgType(type)}${t.key.includes(n) ? ' NOT NULL' : ''}`).join(',\n'), ');', '');
    out.push(`ALTER TABLE public.${t.name} OWNER TO postgres;`, '');
  }
  for (const t of tables) {
    out.push('--', `-- Data for Name: ${t.name}; Type: TABLE DATA; Schema: public; Owner: postgres`, '--', '');
    const names = t.columns.map(([n]) => n).join(', ');
    if (opts.inserts) {
      for (const r of t.rows) out.push(`INSERT INTO public.${t.name} ${opts.columnInserts ? `(${names}) ` : ''}VALUES (${r.map(pgLiteral).join(', ')});`);
    } else {
      out.push(`COPY public.${t.name} (${names}) FROM stdin;`);
      for (const r of t.rows) out.push(r.map(copyField).join('\t'));
      out.push('\\.');
    }
    out.push('');
  }
  for (const t of tables) {
    if (!t.key.length) continue;
    out.push('--', `-- Name: ${t.name} ${t.name}_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres`, '--', '');
    out.push(`ALTER TABLE ONLY public.${t.name}`, `    ADD CONSTRAINT ${t.name}_pkey PRIMARY KEY (${t.key.join(', ')});`, '');
  }
  if (!opts.noTrailer) out.push('', '--', '-- PostgreSQL database dump complete', '--', '');
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Real tools

export interface RealDump {
  text?: string;
  /** Why there is no dump (server unreachable, tool missing). */
  skip?: string;
}

function run(cmd: string, args: string[], input?: string, env?: NodeJS.ProcessEnv): { ok: boolean; out: string; err: string } {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20, timeout: 60_000 });
  return { ok: r.status === 0, out: r.stdout ?? '', err: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

const textOf = (v: Cell): Cell => (Buffer.isBuffer(v) ? null : v);

/** mysqldump of a throwaway MariaDB database holding `t` (BLOBs left out: the CLI input is text), dropped afterwards. */
export function realMysqlDump(t: DumpTable, dbName: string): RealDump {
  const conn = ['-h', '127.0.0.1', '-P', '3306', '-u', 'root'];
  const ping = run('mysql', [...conn, '-e', 'SELECT 1']);
  if (!ping.ok) return { skip: `MariaDB on 127.0.0.1:3306 not reachable (${ping.err.trim().split('\n')[0]})` };
  const cols = t.columns.map(([n, type]) => `\`${n}\` ${type}`).join(', ');
  const values = t.rows.map((r) => `(${r.map(textOf).map(mysqlValue).join(',')})`).join(',\n');
  const sql = `DROP DATABASE IF EXISTS \`${dbName}\`; CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4; USE \`${dbName}\`;
CREATE TABLE \`${t.name}\` (${cols}, PRIMARY KEY (${t.key.map((k) => `\`${k}\``).join(',')})) DEFAULT CHARSET=utf8mb4;
INSERT INTO \`${t.name}\` VALUES ${values};`;
  try {
    const load = run('mysql', [...conn, '--default-character-set=utf8mb4'], sql);
    if (!load.ok) throw new Error(`mysql load failed: ${load.err}`);
    const dump = run('mysqldump', [...conn, '--default-character-set=utf8mb4', dbName]);
    if (!dump.ok) throw new Error(`mysqldump failed: ${dump.err}`);
    return { text: dump.out };
  } finally {
    run('mysql', [...conn, '-e', `DROP DATABASE IF EXISTS \`${dbName}\``]);
  }
}

/** pg_dump (plain, COPY) of a throwaway PostgreSQL database holding `t`, dropped afterwards. */
export function realPgDump(t: DumpTable, dbName: string, extra: string[] = []): RealDump {
  const conn = ['-h', '127.0.0.1', '-p', '5432', '-U', 'postgres'];
  const ping = run('psql', [...conn, '-d', 'postgres', '-tAc', 'SELECT 1']);
  if (!ping.ok) return { skip: `PostgreSQL on 127.0.0.1:5432 not reachable (${ping.err.trim().split('\n')[0]})` };
  run('psql', [...conn, '-d', 'postgres', '-c', `DROP DATABASE IF EXISTS ${dbName}`]);
  const created = run('psql', [...conn, '-d', 'postgres', '-c', `CREATE DATABASE ${dbName} ENCODING 'UTF8' TEMPLATE template0`]);
  if (!created.ok) return { skip: `cannot create a PostgreSQL database (${created.err.trim().split('\n')[0]})` };
  try {
    const cols = t.columns.map(([n, type]) => `${n} ${pgType(type)}`).join(', ');
    const rows = t.rows.map((r) => `(${r.map((v) => pgLiteral(v)).join(', ')})`).join(',\n');
    const sql = `SET standard_conforming_strings = on; CREATE TABLE ${t.name} (${cols}, PRIMARY KEY (${t.key.join(', ')})); INSERT INTO ${t.name} VALUES ${rows};`;
    const load = run('psql', [...conn, '-d', dbName, '-v', 'ON_ERROR_STOP=1'], sql);
    if (!load.ok) throw new Error(`psql load failed: ${load.err}`);
    const dump = run('pg_dump', [...conn, ...extra, dbName]);
    if (!dump.ok) throw new Error(`pg_dump failed: ${dump.err}`);
    return { text: dump.out };
  } finally {
    run('psql', [...conn, '-d', 'postgres', '-c', `DROP DATABASE IF EXISTS ${dbName}`]);
  }
}
